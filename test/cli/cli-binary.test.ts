import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainedDecision } from '../../src/chain/format/checkpoint.js';
import type { VerifyChainResult } from '../../src/chain/verify/verify-chain.js';
import { buildChain, clone } from '../chain/chain-fixtures.js';
import { bundleForChild } from '../support/bundle.js';

// The real binary: src/cli/main.ts bundled as tsup would (Node's type stripping does not map the
// `.js` import specifiers to `.ts` files), run with a pinned environment.
let work: string;
let cli: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'vaxelia-cli-'));
  cli = bundleForChild('src/cli/main.ts', join(work, 'cli.mjs'));
  // Beside the CLI, as in dist/: `verify` reads large logs in worker threads running it.
  bundleForChild('src/cli/verify-worker.ts', join(work, 'verify-worker.js'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: work,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LANG: 'C' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const pem = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: String(privateKey.export({ format: 'pem', type: 'pkcs8' })),
    publicPem: String(publicKey.export({ format: 'pem', type: 'spki' })),
  };
};

function writeLog(name: string, records: unknown[]): string {
  const path = join(work, name);
  writeFileSync(path, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return path;
}

describe('vaxelia-otel', () => {
  const keys = pem();
  const records = buildChain(20, { checkpointEvery: 6, final: true, signingKey: keys.privatePem });

  it('prints help and rejects unknown commands with exit 2', () => {
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/verify[\s\S]*evidence[\s\S]*keygen/);
    expect(run([]).code).toBe(2);
    const unknown = run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    for (const command of ['verify', 'keygen', 'evidence']) {
      const r = run([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.stdout).toContain(`Usage: vaxelia-otel ${command}`);
    }
  });

  it('verify: 0 for an intact log, in any order, from a file or stdin', () => {
    const shuffled = writeLog('ok.jsonl', [...records].reverse());
    const r = run(['verify', shuffled, `--public-key=${keys.publicPem}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OK: 24 records in 1 chain(s)');
    const piped = run(['verify', '-'], readFileSync(shuffled, 'utf8'));
    expect(piped.code).toBe(0);
  });

  it('verify: worker threads and the main thread give the same verdict on a log of many reads', () => {
    const filler = 'x'.repeat(4000);
    const big = buildChain(400, { checkpointEvery: 50, final: true, signingKey: keys.privatePem });
    const lines = big.map((r) => JSON.stringify(r).replace('"aiSystemId":', `"aa":"${filler}","aiSystemId":`));
    // Each record twice: with a filler member (its hash no longer matches) and intact — many problems to agree on.
    const path = join(work, 'big.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n${big.map((r) => JSON.stringify(r)).join('\n')}\n`);
    expect(readFileSync(path).length).toBeGreaterThan(3 * 512 * 1024);
    const outputs = ['0', '1', '3'].map((n) => run(['verify', path, '--json', `--workers=${n}`, `--public-key=${keys.publicPem}`]));
    for (const o of outputs) expect(o.stderr).toBe('');
    expect(outputs[0]!.code).toBe(1);
    const parsed = outputs.map((o) => JSON.parse(o.stdout) as VerifyChainResult);
    expect(parsed[0]!.problems.filter((p) => p.kind === 'duplicate')).toHaveLength(big.length);
    expect(parsed[1]).toEqual(parsed[0]);
    expect(parsed[2]).toEqual(parsed[0]);
    expect(run(['verify', path, '--workers=x']).code).toBe(2);
  });

  it('checkpoint: prints the latest signed note of a chain, its verifier key, or says there is none', () => {
    const path = writeLog('notes.jsonl', [...records].reverse());
    const last = records.filter((r) => r.checkpoint?.note).at(-1)!;
    const note = run(['checkpoint', path, '--chain', 'chain-a', `--public-key=${keys.publicPem}`]);
    expect(note.stderr).toBe('');
    expect(note.code).toBe(0);
    expect(note.stdout).toBe(last.checkpoint!.note);
    expect(note.stdout).toMatch(/^vaxelia-otel\/vaxelia-chain\/chain-a\n\d+\n[A-Za-z0-9+/]{43}=\n\n\u2014 vaxelia-otel\/vaxelia-chain\/chain-a [A-Za-z0-9+/]+=*\n$/);
    expect(run(['checkpoint', '-', '--chain', 'chain-a'], readFileSync(path, 'utf8')).stdout).toBe(note.stdout);
    const vkey = run(['checkpoint', path, '--chain', 'chain-a', '--vkey', `--public-key=${keys.publicPem}`]);
    expect(vkey.code).toBe(0);
    expect(vkey.stdout).toMatch(/^vaxelia-otel\/vaxelia-chain\/chain-a\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n$/);
    expect(run(['checkpoint', path, '--chain', 'chain-b']).code).toBe(1);
    expect(run(['checkpoint', path, '--chain', 'chain-a', `--public-key=${pem().publicPem}`]).code).toBe(1);
    expect(run(['checkpoint', path, '--vkey']).code).toBe(2);
  });

  it('verify: 1 with the problems, as text and as --json', () => {
    const t = records.map(clone) as ChainedDecision[];
    t[4]!.modelUsed = 'edited';
    const path = writeLog('bad.jsonl', t.filter((r) => r.seq !== 9));
    const text = run(['verify', path]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('chain-a seq 4: edited');
    expect(text.stdout).toContain('chain-a seq 9: gap');
    const json = run(['verify', path, '--json']);
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout) as VerifyChainResult;
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => `${p.kind}@${p.seq}`)).toEqual(['edited@4', 'gap@9']);
  });

  it('verify: signatures with a key file, and a key that does not match', () => {
    const keyFile = join(work, 'public.pem');
    writeFileSync(keyFile, keys.publicPem);
    const path = writeLog('signed.jsonl', records);
    expect(run(['verify', path, '--public-key', 'public.pem']).code).toBe(0);
    writeFileSync(join(work, 'other.pem'), pem().publicPem);
    const wrong = run(['verify', path, '--public-key', 'other.pem', '--json']);
    expect(wrong.code).toBe(1);
    expect(new Set((JSON.parse(wrong.stdout) as VerifyChainResult).problems.map((p) => p.kind))).toEqual(new Set(['bad-signature']));
  });

  it('verify: --head and --require-sealed catch a cut tail', () => {
    const cut = writeLog('cut.jsonl', records.slice(0, 15));
    const last = records[records.length - 1]!;
    expect(run(['verify', cut]).code).toBe(0);
    const withHead = run(['verify', cut, '--head', `${last.chainId}:${last.seq}:${last.hash}`]);
    expect(withHead.code).toBe(1);
    expect(withHead.stdout).toContain('truncated');
    expect(run(['verify', cut, '--require-sealed']).code).toBe(1);
  });

  it('verify: 2 for usage and I/O errors; non-JSON lines are problems', () => {
    expect(run(['verify']).code).toBe(2);
    expect(run(['verify', 'a', 'b']).code).toBe(2);
    expect(run(['verify', '--bogus', 'x']).code).toBe(2);
    const missing = run(['verify', 'missing.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read missing.jsonl: no such file');
    expect(run(['verify', 'x', '--public-key', 'not-a-key']).code).toBe(2);
    const garbage = join(work, 'garbage.jsonl');
    writeFileSync(garbage, `${JSON.stringify(records[0])}\n{not json\n`);
    const r = run(['verify', garbage, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).problems[0]).toMatchObject({ kind: 'malformed', detail: 'line 2: not JSON' });
  });

  it('keygen: a base64 32-byte buffer key; --signing: a key pair the writer and verifier accept', () => {
    const key = run(['keygen']);
    expect(key.code).toBe(0);
    expect(Buffer.from(key.stdout.trim(), 'base64')).toHaveLength(32);
    const pair = run(['keygen', '--signing', '--json']);
    expect(pair.code).toBe(0);
    const parsed = JSON.parse(pair.stdout);
    expect(parsed.env).toBe('VAXELIA_SIGNING_KEY');
    expect(Buffer.from(parsed.signingKey, 'base64')).toHaveLength(32);
    const chain = buildChain(3, { signingKey: parsed.signingKey, chainId: 'kg' });
    expect(run(['verify', writeLog('kg.jsonl', chain), `--public-key=${parsed.publicKey}`]).code).toBe(0);
    const text = run(['keygen', '--signing', '--pem']);
    expect(text.stdout).toContain('-----BEGIN PRIVATE KEY-----');
    expect(text.stdout).toContain('-----BEGIN PUBLIC KEY-----');
    expect(run(['keygen', '--pem']).code).toBe(2);
  });

  it('evidence: writes a pack that verifies, annotates controls outside the records, and detects a cut pack', () => {
    const log = writeLog('log.jsonl', records);
    const r = run(['evidence', log, '--out', 'pack.jsonl', `--public-key=${keys.publicPem}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('not legal advice');
    const lines = readFileSync(join(work, 'pack.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(records.length + 1);
    const header = JSON.parse(lines[0]!).vaxeliaEvidencePack;
    expect(header).toMatchObject({ framework: 'eu-ai-act', count: 24, verification: { ok: true, problems: 0 } });
    expect(header.notice).toMatch(/^This evidence pack is not legal advice/);
    expect(header.publicKeyFingerprint).toMatch(/^SHA256:[0-9a-f]{64}$/);
    expect(header.chains[0]).toMatchObject({ chainId: 'chain-a', lastSeq: 23, head: records[23]!.hash });
    expect(header.period).toEqual({ from: records[0]!.decidedAt, to: expect.any(String) });
    const second = JSON.parse(lines[1]!);
    expect(second.vaxeliaEvidence.controls).toEqual(['eu-ai-act/art-12', 'eu-ai-act/art-13', 'eu-ai-act/art-19']);
    expect(second.record).toEqual(records[0]);

    expect(run(['verify', 'pack.jsonl', `--public-key=${keys.publicPem}`]).code).toBe(0);
    writeFileSync(join(work, 'cut-pack.jsonl'), `${lines.slice(0, -3).join('\n')}\n`);
    const cut = run(['verify', 'cut-pack.jsonl', '--json']);
    expect(cut.code).toBe(1);
    expect(JSON.parse(cut.stdout).problems.map((p: { kind: string }) => p.kind)).toEqual(['truncated']);
  });

  it('evidence: human oversight maps to Art. 14; problems give exit 1; usage errors exit 2', () => {
    const chain = buildChain(2, { chainId: 'ho' });
    const oversight = { ...clone(chain[0]!), humanOversight: { reviewer: 'r-1' } };
    // Adding the field after chaining makes the record `edited`: the annotation is what is under test.
    const log = writeLog('ho.jsonl', [oversight, chain[1]]);
    const r = run(['evidence', log, '--out', 'ho-pack.jsonl']);
    expect(r.code).toBe(1); // the edited record is reported, the pack is still written
    const lines = readFileSync(join(work, 'ho-pack.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines[1]!).vaxeliaEvidence.controls).toContain('eu-ai-act/art-14');
    expect(JSON.parse(lines[0]!).vaxeliaEvidencePack.verification).toMatchObject({ ok: false, problems: 1 });
    expect(run(['evidence', log]).code).toBe(2);
    expect(run(['evidence', log, '--out', 'x.jsonl', '--framework', 'iso-42001']).code).toBe(2);
  });
});
