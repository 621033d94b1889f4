import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainedDecision } from '../../src/chain/format/checkpoint.js';
import { createChainWriter } from '../../src/chain/writer/chain-writer.js';
import { decision } from '../chain/chain-fixtures.js';
import { bundleForChild } from '../support/bundle.js';

/**
 * Checkpoint notes and chains this project wrote, checked by implementations it did not write:
 * Go's golang.org/x/mod/sumdb/note and sumdb/tlog (test/interop/go), and a Python check written
 * from docs/DESIGN.md §5.1 with the standard library and rfc8785 (test/interop/python).
 */
const here = join(process.cwd(), 'test/interop');
// Ignored, and outside the linted folders: the Go binary and the Python venv.
const build = join(process.cwd(), '.tools/interop');
let work: string;
let cli: string;
let goBinary: string;
let python: string;

/** Runs a provisioning step; if its tool is missing, fails with the one command that installs it. */
function need(tool: string, install: string): void {
  if (spawnSync(tool, ['--version'], { encoding: 'utf8' }).error && spawnSync(tool, ['version'], { encoding: 'utf8' }).error) {
    throw new Error(`${tool} is not installed: ${install}`);
  }
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'vaxelia-interop-'));
  mkdirSync(build, { recursive: true });
  cli = bundleForChild('src/cli/main.ts', join(work, 'cli.mjs'));
  need('go', 'apt-get install -y golang-go (or https://go.dev/dl), then npm run test:interop');
  goBinary = join(build, 'interop');
  execFileSync('go', ['build', '-mod=readonly', '-o', goBinary, '.'], { cwd: join(here, 'go'), stdio: 'pipe' });
  need('python3', 'apt-get install -y python3 python3-venv, then npm run test:interop');
  const venv = join(build, 'venv');
  if (!existsSync(join(venv, 'bin/python'))) execFileSync('python3', ['-m', 'venv', venv], { stdio: 'pipe' });
  python = join(venv, 'bin/python');
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', join(here, 'python/requirements.txt')], { stdio: 'pipe' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const keys = generateKeyPairSync('ed25519');
const privatePem = String(keys.privateKey.export({ format: 'pem', type: 'pkcs8' }));
const publicPem = String(keys.publicKey.export({ format: 'pem', type: 'spki' }));
const rawPublicKey = keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64');

/** A chain from the real writer: text with escapes and non-ASCII, a checkpoint every 7, sealed. */
function writeChain(name: string, count: number): { path: string; records: ChainedDecision[] } {
  const dir = mkdtempSync(join(work, 'buf-'));
  const writer = createChainWriter({ dir, chainId: 'interop-1', signingKey: privatePem, checkpointEvery: 7, aiSystemId: 'claims-triage' });
  const records: ChainedDecision[] = [];
  for (let i = 0; i < count; i++) {
    records.push(...writer.append(decision(i, { modelUsed: `modèle "${i}" ✓\n`, latencyMs: i / 3, usage: { inputTokens: 1e21 + i, outputTokens: 0.000001 } })));
  }
  records.push(writer.checkpoint({ final: true })!);
  const path = join(work, name);
  writeFileSync(path, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return { path, records };
}

function run(command: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { cwd: work, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('interop: notes and chains checked by implementations this project did not write', () => {
  it("Go's sumdb/note opens the note `vaxelia-otel checkpoint` prints, with the key `--vkey` prints", () => {
    const { path } = writeChain('log.jsonl', 40);
    const printed = run(process.execPath, [cli, 'checkpoint', path, '--chain', 'interop-1']);
    expect(printed.code).toBe(0);
    const vkey = run(process.execPath, [cli, 'checkpoint', path, '--chain', 'interop-1', '--vkey', `--public-key=${publicPem}`]);
    expect(vkey.code).toBe(0);
    const notePath = join(work, 'latest.note');
    writeFileSync(notePath, printed.stdout);
    const opened = run(goBinary, ['note', vkey.stdout.trim(), notePath]);
    expect(opened.stderr).toBe('');
    expect(opened.code).toBe(0);
    expect(opened.stdout).toBe(printed.stdout.slice(0, printed.stdout.indexOf('\n\n') + 1));
    expect(opened.stdout.split('\n')[0]).toBe('vaxelia-otel/claims-triage/interop-1');

    // Another key of the same name, or one changed byte in the note: Go rejects it.
    const other = generateKeyPairSync('ed25519').publicKey;
    const otherVkey = vkey.stdout.trim().replace(/\+[^+]+$/, `+${Buffer.concat([Buffer.from([1]), other.export({ format: 'der', type: 'spki' }).subarray(12)]).toString('base64')}`);
    expect(run(goBinary, ['note', otherVkey, notePath]).code).not.toBe(0);
    writeFileSync(notePath, printed.stdout.replace(/\n(\d+)\n/, (_, n) => `\n${Number(n) + 1}\n`));
    expect(run(goBinary, ['note', vkey.stdout.trim(), notePath]).code).not.toBe(0);
  });

  it("Go's sumdb/tlog rebuilds every note's tree from the records and proves each consistent with the last", () => {
    const { path, records } = writeChain('tree.jsonl', 100);
    const vkey = run(process.execPath, [cli, 'checkpoint', path, '--chain', 'interop-1', '--vkey', `--public-key=${publicPem}`]).stdout.trim();
    const r = run(goBinary, [vkey, path, 'interop-1']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`ok ${records.filter((x) => x.checkpoint).length} notes, tree size ${records.length - 1}\n`);
    // A record edited in place: its hash is still the stored one, but the note over the edited
    // chain re-hashed by a forger no longer matches what the key signed.
    const forged = records.map((x) => JSON.parse(JSON.stringify(x)) as ChainedDecision);
    forged[3]!.hash = forged[4]!.hash;
    const forgedPath = join(work, 'forged.jsonl');
    writeFileSync(forgedPath, `${forged.map((x) => JSON.stringify(x)).join('\n')}\n`);
    expect(run(goBinary, [vkey, forgedPath, 'interop-1']).code).not.toBe(0);
  });

  it('a Python check written from the contract (stdlib + rfc8785) re-verifies the chain and its notes', () => {
    const { path, records } = writeChain('py.jsonl', 60);
    const r = run(python, [join(here, 'python/verify_chain.py'), path, 'interop-1', rawPublicKey]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`ok ${records.length} records, ${records.filter((x) => x.checkpoint).length} notes\n`);
    // And it agrees with `vaxelia-otel verify` on a tampered copy.
    const lines = records.map((x) => JSON.stringify(x));
    lines[5] = lines[5]!.replace('answer 5', 'answer X');
    const tampered = join(work, 'py-tampered.jsonl');
    writeFileSync(tampered, `${lines.join('\n')}\n`);
    const py = run(python, [join(here, 'python/verify_chain.py'), tampered, 'interop-1']);
    expect(py.code).toBe(1);
    expect(py.stdout).toBe('seq 5: hash does not match the content\n');
    const ours = run(process.execPath, [cli, 'verify', tampered, '--json']);
    expect(JSON.parse(ours.stdout).problems.map((p: { kind: string; seq: number }) => `${p.kind}@${p.seq}`)).toEqual(['edited@5']);
  });
});
