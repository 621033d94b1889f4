import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CanonicalizationError, ChainLockedError } from '../../src/chain/format/chain-errors.js';
import { createChainWriter } from '../../src/chain/writer/chain-writer.js';
import type { ChainedDecision } from '../../src/chain/format/checkpoint.js';
import { verifyChain } from '../../src/chain/verify/verify-chain.js';
import { computeRecordHash } from '../../src/chain/format/record-hash.js';
import { recordText } from '../../src/core/record-text.js';
import type { AIDecision } from '../../src/decision.js';
import { decision, tempDir } from './chain-fixtures.js';

const dirs: (() => void)[] = [];
const newDir = () => {
  const t = tempDir();
  dirs.push(t.cleanup);
  return t.dir;
};
afterAll(() => {
  for (const cleanup of dirs) cleanup();
});

describe('createChainWriter', () => {
  it('links, signs nothing without a key, and never mutates the input', () => {
    const writer = createChainWriter({ dir: newDir(), chainId: 'c1' });
    const input = { ...decision(1), hash: 'stale', seq: 99 } as AIDecision;
    const [record] = writer.append(input);
    expect(input.seq).toBe(99);
    expect(record).toMatchObject({ chainId: 'c1', seq: 0, prevHash: '0'.repeat(64) });
    expect(record!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(record!.signature).toBeUndefined();
    expect(writer.head()).toEqual({ chainId: 'c1', seq: 0, hash: record!.hash });
  });

  it('remembers, for delivery, the JSON text of each record: the record itself, and what its hash covers', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const signingKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const options of [{}, { signingKey }]) {
      const writer = createChainWriter({ dir: newDir(), chainId: 'c-text', checkpointEvery: 2, ...options });
      const records = [...writer.append({ ...decision(1), metadata: { '10': 'a', '9': 'b', text: 'é "q" \u2028' } } as AIDecision), ...writer.append(decision(2))];
      expect(records.map((r) => r.operation ?? 'd')).toEqual(['d', 'd', 'checkpoint']);
      for (const record of records) {
        const text = recordText(record);
        expect(JSON.parse(text)).toEqual(record);
        expect(computeRecordHash(JSON.parse(text))).toBe(record.hash);
      }
      // Integer-like keys: JSON.stringify of the object orders them numerically ("9" before "10"); the
      // remembered text keeps the canonical order, so it is the remembered text, not a re-serialisation.
      expect(recordText(records[0]!)).toContain('{"10":"a","9":"b"');
      expect(JSON.stringify(records[0])).toContain('{"9":"b","10":"a"');
      expect(verifyChain(records.map((r) => JSON.parse(recordText(r)))).problems).toEqual([]);
    }
  });

  it('emits checkpoints by count, by interval and at shutdown', () => {
    let t = 1_000;
    const writer = createChainWriter({ dir: newDir(), chainId: 'c2', checkpointEvery: 3, checkpointIntervalMs: 500, now: () => t });
    const out: ChainedDecision[] = [];
    for (let i = 0; i < 3; i++) out.push(...writer.append(decision(i)));
    expect(out.map((r) => r.operation ?? 'd')).toEqual(['d', 'd', 'd', 'checkpoint']);
    expect(out[3]).toMatchObject({
      aiSystemId: 'vaxelia-chain',
      modelUsed: 'none',
      status: 'completed',
      checkpoint: { seq: 2, hash: out[2]!.hash, firstSeq: 0, count: 3 },
    });
    expect(writer.checkpoint()).toBeUndefined();
    out.push(...writer.append(decision(3)));
    t += 500;
    const byTime = writer.append(decision(4));
    expect(byTime.map((r) => r.operation ?? 'd')).toEqual(['d', 'checkpoint']);
    out.push(...byTime);
    out.push(...writer.append(decision(5)));
    const final = writer.checkpoint({ final: true })!;
    expect(final.checkpoint).toMatchObject({ final: true, firstSeq: 6, count: 2 });
    out.push(final);
    expect(writer.checkpoint({ final: true })).toBeUndefined();
    const result = verifyChain(out);
    expect(result.problems).toEqual([]);
    expect(result.chains[0]!.sealed).toBe(true);
    // Deterministic decisionId for checkpoints.
    expect(final.decisionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('surfaces a decision that cannot be canonicalised and leaves the chain unchanged', () => {
    const writer = createChainWriter({ dir: newDir(), chainId: 'c3' });
    writer.append(decision(0));
    const head = writer.head();
    expect(() => writer.append({ ...decision(1), latencyMs: Number.NaN })).toThrow(CanonicalizationError);
    expect(writer.head()).toEqual(head);
  });

  it('persists the head atomically with private permissions and continues after a restart', async () => {
    const dir = newDir();
    const first = createChainWriter({ dir, checkpointEvery: 5 });
    const records = [0, 1, 2, 3, 4, 5, 6].flatMap((i) => first.append(decision(i)));
    await Promise.all([first.persistHead(), first.persistHead(), first.persistHead()]);
    await first.close();
    const headFile = join(dir, 'chains', `${first.chainId}.json`);
    expect(statSync(headFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'chains')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(headFile, 'utf8'))).toMatchObject({ chainId: first.chainId, seq: 7 });
    expect(existsSync(join(dir, 'chains', `${first.chainId}.lock`))).toBe(false);

    const second = createChainWriter({ dir, checkpointEvery: 5 });
    expect(second.chainId).toBe(first.chainId);
    records.push(...[7, 8, 9].flatMap((i) => second.append(decision(i))));
    records.push(second.checkpoint({ final: true })!);
    await second.close();
    expect(records.map((r) => r.seq)).toEqual([...Array(records.length).keys()]);
    expect(verifyChain(records).problems).toEqual([]);
  });

  it('persists a snapshot of an earlier point (the newest durable batch), not records still waiting for their fsync', async () => {
    const dir = newDir();
    const first = createChainWriter({ dir, chainId: 'snap', checkpointEvery: 3 });
    const records = [0, 1, 2, 3].flatMap((i) => first.append(decision(i))); // seqs 0..4, a checkpoint at 3
    const durable = first.snapshot();
    records.push(...[4, 5].flatMap((i) => first.append(decision(i)))); // not yet durable
    await first.persistHead(durable);
    const headFile = join(dir, 'chains', 'snap.json');
    expect(JSON.parse(readFileSync(headFile, 'utf8'))).toMatchObject({ seq: 4, hash: records[4]!.hash });
    unlinkSync(join(dir, 'chains', 'snap.lock')); // the process "died" before the rest was durable

    // The restart continues right after the durable batch, with its checkpoint range intact.
    const second = createChainWriter({ dir, chainId: 'snap', checkpointEvery: 3 });
    const after = [...records.slice(0, 5), ...[6, 7].flatMap((i) => second.append(decision(i))), second.checkpoint({ final: true })!];
    expect(after.map((r) => r.seq)).toEqual([...Array(after.length).keys()]);
    expect(verifyChain(after).problems).toEqual([]);
    await second.close();
  });

  it('advances to records recovered from the queue after a crash', async () => {
    const dir = newDir();
    const first = createChainWriter({ dir, chainId: 'crash', checkpointEvery: 100 });
    const records = [0, 1, 2, 3].flatMap((i) => first.append(decision(i)));
    await first.persistHead();
    records.push(...[4, 5].flatMap((i) => first.append(decision(i)))); // queued, head not persisted
    unlinkSync(join(dir, 'chains', 'crash.lock')); // the process "died"

    const second = createChainWriter({ dir, chainId: 'crash', checkpointEvery: 100 });
    expect(second.head()?.seq).toBe(3);
    second.observeRecovered(5, records[5]!.hash); // out of order: 5 before 4
    second.observeRecovered(4, records[4]!.hash);
    records.push(...second.append(decision(6)), second.checkpoint({ final: true })!);
    expect(verifyChain(records).problems).toEqual([]);
    await second.close();
  });

  it('refuses a chain that another writer holds', async () => {
    const dir = newDir();
    const a = createChainWriter({ dir, chainId: 'held' });
    expect(() => createChainWriter({ dir, chainId: 'held' })).toThrow(ChainLockedError);
    const b = createChainWriter({ dir });
    expect(b.chainId).not.toBe('held');
    await a.close();
    await b.close();
  });

  it('loads the signing key from the env, lazily', () => {
    const seed = Buffer.alloc(32, 7).toString('base64');
    process.env.VAXELIA_SIGNING_KEY = seed;
    try {
      const writer = createChainWriter({ dir: newDir(), chainId: 'env' });
      expect(writer.append(decision(0))[0]!.signature).toBeDefined();
    } finally {
      delete process.env.VAXELIA_SIGNING_KEY;
    }
    expect(() => createChainWriter({ dir: newDir(), signingKey: 'not a key' })).toThrow(/VAXELIA_SIGNING_KEY/);
  });
});

describe('createChainWriter across processes', () => {
  let bundle: string;
  let work: string;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'vaxelia-chain-proc-'));
    bundle = join(work, 'writer-worker.mjs');
    execFileSync(join(process.cwd(), 'node_modules/.bin/esbuild'), [
      join(process.cwd(), 'test/chain/fixtures/writer-worker.ts'),
      '--bundle',
      '--platform=node',
      '--format=esm',
      `--outfile=${bundle}`,
      '--log-level=warning',
    ]);
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  function run(dir: string, count: number, delayMs: number, pauseAfter?: number) {
    const args = [bundle, dir, String(count), String(delayMs), ...(pauseAfter === undefined ? [] : [String(pauseAfter)])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const lines: Record<string, unknown>[] = [];
    let buffered = '';
    const listeners: (() => void)[] = [];
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const p of parts) lines.push(JSON.parse(p));
      for (const l of listeners) l();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => lines.length >= n && resolve();
        listeners.push(check);
        check();
      });
    return { child, lines, exited, waitFor, records: () => lines.filter((l) => !('ready' in l) && !('paused' in l)) };
  }

  it('two live processes on one directory never share a chain', async () => {
    const dir = join(work, 'two');
    const [a, b] = [run(dir, 30, 2), run(dir, 30, 2)];
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    const idA = a.lines[0]!.ready;
    const idB = b.lines[0]!.ready;
    expect(idA).not.toBe(idB);
    const result = verifyChain([...a.records(), ...b.records()], { requireSealed: true });
    expect(result.problems).toEqual([]);
    expect(result.chains.map((c) => c.count).sort()).toEqual([38, 38]);
  });

  it('a process killed with SIGKILL is continued by its restart', async () => {
    const dir = join(work, 'kill');
    const first = run(dir, 1000, 0, 10);
    await first.waitFor(1 + 10 + 2 + 1); // ready, 10 decisions, 2 checkpoints, paused
    first.child.kill('SIGKILL');
    await first.exited;
    const before = first.records();
    const chainId = first.lines[0]!.ready;
    expect(readdirSync(join(dir, 'chains'))).toContain(`${chainId}.lock`); // stale lock left behind

    const second = run(dir, 5, 0);
    expect(await second.exited).toBe(0);
    expect(second.lines[0]!.ready).toBe(chainId);
    const all = [...before, ...second.records()];
    const result = verifyChain(all, { requireSealed: true });
    expect(result.problems).toEqual([]);
    expect(result.chains).toHaveLength(1);
  });
});
