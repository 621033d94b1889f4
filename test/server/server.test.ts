import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { PassThrough } from 'node:stream';
import type { AIDecision } from '@vaxelia/ai-otel';
import { type ChainStatus, type DecisionLogServer, startServer } from '@vaxelia/ai-otel/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/chain/verify/verify-chain.js';
import { runCli } from '../../src/cli/run-cli.js';
import { appendCheckpoint, chain, decision, post, rehash } from './support/chained-records.js';

const KEY = 'test-key-0123456789';
const READ_KEY = `read-${KEY}`;
/** The exporters' key: may only POST. */
const ingest = { authorization: `Bearer ${KEY}` };
/** The auditors' key: may only read. */
const auth = { authorization: `Bearer ${READ_KEY}` };

let server: DecisionLogServer;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vaxelia-server-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'log.sqlite'), ingestKey: KEY, readKey: `read-${KEY}`, maxBodyBytes: 64 * 1024 });
});

afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The shapes these tests read: chains, a page of decisions, an error, health. */
interface Body {
  ok: boolean;
  chains: ChainStatus[];
  decisions: AIDecision[];
  nextCursor: string | null;
  error: { field: string; message: string };
  [key: string]: unknown;
}

async function getJson(path: string, headers: Record<string, string> = auth): Promise<{ status: number; json: Body }> {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { status: res.status, json: (await res.json()) as Body };
}

async function exportJsonl(query = ''): Promise<unknown[]> {
  const res = await fetch(`${server.url}/v1/decisions?format=jsonl${query}`, { headers: auth });
  expect(res.headers.get('content-type')).toContain('application/x-ndjson');
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe('POST /v1/decisions', () => {
  it('stores a decision and reports health', async () => {
    const d = decision();
    const res = await post(server.url, d, ingest);
    expect(res).toEqual({ status: 200, json: { decisionId: d.decisionId, duplicate: false } });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
  });

  it('401 without credentials, 403 with a wrong key; healthz stays open', async () => {
    expect((await post(server.url, decision())).status).toBe(401);
    // The read key cannot write; the ingest key cannot read.
    expect((await post(server.url, decision(), auth)).status).toBe(403);
    expect((await getJson('/v1/decisions', ingest)).status).toBe(403);
    expect((await getJson('/v1/chains', ingest)).status).toBe(403);
    expect((await fetch(`${server.url}/report`, { headers: ingest })).status).toBe(403);
    const ingestBasic = `Basic ${Buffer.from(`auditor:${KEY}`).toString('base64')}`;
    expect((await fetch(`${server.url}/report`, { headers: { authorization: ingestBasic } })).status).toBe(403);
    expect((await post(server.url, decision(), { authorization: 'Bearer nope' })).status).toBe(403);
    expect((await post(server.url, decision(), { authorization: `Bearer ${KEY}x` })).status).toBe(403);
    expect((await getJson('/v1/decisions', {})).status).toBe(401);
    expect((await getJson('/v1/chains', { authorization: 'Bearer wrong' })).status).toBe(403);
    const basic = `Basic ${Buffer.from(`auditor:${READ_KEY}`).toString('base64')}`;
    expect((await fetch(`${server.url}/report`, { headers: { authorization: basic } })).status).toBe(200);
    const challenge = await fetch(`${server.url}/report`);
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(server.db.count()).toBe(0);
  });

  it.each([
    ['aiSystemId', { aiSystemId: undefined }],
    ['modelUsed', { modelUsed: 42 }],
    ['input', { input: undefined }],
    ['output', { output: null }],
    ['status', { status: 'ok' }],
    ['decidedAt', { decidedAt: 'yesterday' }],
    ['decisionId', { decisionId: '' }],
    ['seq', { chainId: 'c', seq: -1, prevHash: '0'.repeat(64), hash: 'a'.repeat(64) }],
    ['hash', { chainId: 'c', seq: 0, prevHash: '0'.repeat(64), hash: 'XYZ' }],
  ])('400 names the bad field: %s', async (field, patch) => {
    const res = await post(server.url, { ...decision(), ...patch }, ingest);
    expect(res.status).toBe(400);
    expect((res.json.error as { field: string }).field).toBe(field);
    expect((res.json.error as { message: string }).message).toContain(field);
  });

  it('400 on a body that is not JSON, 415 on another media type, 413 over the size limit', async () => {
    expect((await post(server.url, '{nope', ingest)).status).toBe(400);
    const xml = await fetch(`${server.url}/v1/decisions`, { method: 'POST', headers: { ...ingest, 'content-type': 'text/xml' }, body: '<a/>' });
    expect(xml.status).toBe(415);
    const big = decision({ output: { messages: [{ role: 'assistant', parts: [{ type: 'text', content: 'x'.repeat(70 * 1024) }] }] } });
    const res = await post(server.url, big, ingest);
    expect(res.status).toBe(413);
    expect(server.db.count()).toBe(0);
  });

  it('de-duplicates a retry on decisionId and on Idempotency-Key (200, stored once); a different body under either is a 409 with a log line', async () => {
    const d = decision();
    const first = await post(server.url, d, { ...ingest, 'idempotency-key': d.decisionId });
    const again = await post(server.url, d, { ...ingest, 'idempotency-key': d.decisionId });
    expect(first.json.duplicate).toBe(false);
    expect(again).toEqual({ status: 200, json: { decisionId: d.decisionId, duplicate: true } });
    // Same key, another body (a client bug): refused, not silently dropped.
    const other = await post(server.url, { ...d, decisionId: 'other-id' }, { ...ingest, 'idempotency-key': d.decisionId });
    expect(other.status).toBe(409);
    // Same decisionId, another body: refused too.
    const changed = await post(server.url, { ...d, modelUsed: 'changed' }, ingest);
    expect(changed).toMatchObject({ status: 409, json: { error: { code: 'conflict', field: 'decisionId' } } });
    expect(server.db.count()).toBe(1);
  });
});

describe('chain check on ingest', () => {
  it('accepts records in any order; the stored log verifies and GET returns exactly what was chained', async () => {
    const records = chain('writer-a', 20);
    appendCheckpoint(records);
    const shuffled = [...records].reverse();
    for (const r of shuffled) expect((await post(server.url, r, ingest)).status).toBe(200);
    const { json } = await getJson('/v1/chains');
    expect(json.ok).toBe(true);
    expect(json.chains[0]!).toMatchObject({ chainId: 'writer-a', count: 21, head: { seq: 20, hash: records[20]!.hash }, gaps: [], missing: 0, problems: [], ok: true });
    expect(json.chains[0]!.lastCheckpoint).toMatchObject({ at: 20, seq: 19, firstSeq: 0, count: 20, state: 'ok' });
    const exported = await exportJsonl();
    expect(exported).toEqual(shuffled);
    expect(verifyChain(exported)).toMatchObject({ ok: true, count: 21 });
  });

  it('reports a gap while a record is missing and re-judges its neighbour when it arrives', async () => {
    const records = chain('writer-b', 6);
    for (const r of records.filter((r) => r.seq !== 2 && r.seq !== 3)) await post(server.url, r, ingest);
    let status = (await getJson('/v1/chains')).json.chains[0]!;
    expect(status).toMatchObject({ gaps: [{ from: 2, to: 3 }], missing: 2, problems: [], ok: false });
    const late = await post(server.url, records[3], ingest);
    expect(late.json.chain).toEqual({ link: 'pending', flagged: false, problems: [] });
    await post(server.url, records[2], ingest);
    status = (await getJson('/v1/chains')).json.chains[0]!;
    expect(status).toMatchObject({ gaps: [], missing: 0, problems: [], ok: true });
    const links = server.db.database.prepare("SELECT seq, link FROM decisions WHERE chain_id = 'writer-b' ORDER BY seq").all();
    expect(links.map((r) => r.link)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
  });

  it('stores and flags an edited record, a forged link and a duplicate seq: never refuses evidence', async () => {
    const records = chain('writer-c', 5);
    const edited = { ...records[1]!, modelUsed: 'gpt-5' }; // content changed, old hash kept
    const forged = rehash({ ...records[3]!, prevHash: 'f'.repeat(64) }); // consistent hash, wrong link
    for (const r of [records[0], edited, records[2], forged, records[4]]) {
      expect((await post(server.url, r, ingest)).status).toBe(200);
    }
    const dupe = rehash({ ...records[2]!, decisionId: 'another', output: { messages: [] } });
    const res = await post(server.url, dupe, ingest);
    expect(res.json.chain).toMatchObject({ flagged: true, problems: ['duplicate'] });
    const { json } = await getJson('/v1/chains');
    expect(json.ok).toBe(false);
    const kinds = json.chains[0]!.problems.map((p) => `${p.seq}:${p.kind}`);
    expect(kinds).toEqual(expect.arrayContaining(['1:edited', '2:duplicate', '3:broken-link', '4:broken-link']));
    expect(server.db.count()).toBe(6);
    // The independent verifier agrees with what the server flagged.
    const verdict = verifyChain(await exportJsonl());
    expect(new Set(verdict.problems.map((p) => p.kind))).toEqual(new Set(['edited', 'duplicate', 'broken-link']));
  });

  it('flags a checkpoint whose Merkle root does not match, once the range is complete', async () => {
    const records = chain('writer-d', 4);
    const cp = appendCheckpoint(records);
    const bad = rehash({ ...cp, checkpoint: { ...cp.checkpoint!, merkleRoot: 'a'.repeat(64) } });
    await post(server.url, bad, ingest);
    for (const r of records.slice(0, 4)) await post(server.url, r, ingest);
    const { json } = await getJson('/v1/chains');
    expect(json.chains[0]!.problems).toEqual([{ seq: 4, kind: 'bad-checkpoint', decisionId: bad.decisionId }]);
    expect(json.chains[0]!.lastCheckpoint!.state).toBe('bad-checkpoint');
  });
});

describe('GET /v1/decisions', () => {
  it('filters by time, chain, model and status and pages with a cursor', async () => {
    const a = chain('c1', 30, (i) => ({ modelUsed: i % 2 ? 'gpt-4o' : 'claude', status: i % 5 === 0 ? 'failed' : 'completed' }));
    const b = chain('c2', 10);
    for (const r of [...a, ...b]) await post(server.url, r, ingest);
    const page1 = await getJson('/v1/decisions?limit=25');
    expect(page1.json.decisions).toHaveLength(25);
    const page2 = await getJson(`/v1/decisions?limit=25&cursor=${page1.json.nextCursor}`);
    expect(page2.json.decisions).toHaveLength(15);
    expect(page2.json.nextCursor).toBeNull();
    const ids = new Set([...page1.json.decisions, ...page2.json.decisions].map((d) => d.decisionId));
    expect(ids.size).toBe(40);
    expect((await getJson('/v1/decisions?chainId=c2')).json.decisions).toHaveLength(10);
    expect((await getJson('/v1/decisions?chainId=c1&model=claude')).json.decisions).toHaveLength(15);
    expect((await getJson('/v1/decisions?chainId=c1&status=failed')).json.decisions).toHaveLength(6);
    const from = a[10]!.decidedAt;
    const to = a[20]!.decidedAt;
    expect((await getJson(`/v1/decisions?chainId=c1&from=${from}&to=${to}`)).json.decisions).toHaveLength(10);
    const ndjson = await fetch(`${server.url}/v1/decisions?chainId=c2`, { headers: { ...auth, accept: 'application/x-ndjson' } });
    expect((await ndjson.text()).trim().split('\n')).toHaveLength(10);
    expect((await getJson('/v1/decisions?limit=0')).json.error.field).toBe('limit');
    expect((await getJson('/v1/decisions?from=soon')).json.error.field).toBe('from');
    expect((await getJson('/v1/decisions?cursor=zzz')).json.error.field).toBe('cursor');
  });

  it('the JSON Lines export is what `vaxelia-otel verify` accepts', async () => {
    const records = chain('for-verify', 12);
    appendCheckpoint(records, 0, true);
    for (const r of records) await post(server.url, r, ingest);
    const file = join(dir, 'export.jsonl');
    const res = await fetch(`${server.url}/v1/decisions?format=jsonl`, { headers: auth });
    writeFileSync(file, await res.text());
    const out = new PassThrough();
    let printed = '';
    out.on('data', (c) => {
      printed += String(c);
    });
    const io = { stdout: out, stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: dir };
    expect(await runCli(['verify', '--require-sealed', file], io)).toBe(0);
    expect(printed).toMatch(/13 records/);
  });

  it('exports a pretty-printed body on one JSON Lines line, still verifiable', async () => {
    const [r] = chain('pretty', 1);
    await post(server.url, JSON.stringify(r, null, 2), ingest);
    const lines = await exportJsonl();
    expect(lines).toEqual([r]);
    expect(verifyChain(lines).ok).toBe(true);
  });
});

describe('storage', () => {
  it('survives a restart on the same file, in WAL mode, with recorded migrations', async () => {
    const records = chain('persist', 3);
    for (const r of records) await post(server.url, r, ingest);
    await server.close();
    server = await startServer({ port: 0, dbPath: join(dir, 'log.sqlite'), ingestKey: KEY, readKey: `read-${KEY}` });
    expect(server.db.count()).toBe(3);
    expect((await post(server.url, records[0], ingest)).json.duplicate).toBe(true);
    const raw = new DatabaseSync(join(dir, 'log.sqlite'), { readOnly: true });
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(raw.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([
      { version: 1, name: 'decisions, chains' },
      { version: 2, name: 'workbench filters and links' },
      { version: 3, name: 'filter indexes carry status, model and system' },
      { version: 4, name: 'checks and actions' },
    ]);
    raw.close();
  });

  it('refuses a database from a newer schema', async () => {
    await server.close();
    const raw = new DatabaseSync(join(dir, 'log.sqlite'));
    raw.prepare("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')").run();
    raw.close();
    await expect(startServer({ port: 0, dbPath: join(dir, 'log.sqlite') })).rejects.toThrow(/schema version 99/);
    server = await startServer({ port: 0 });
  });
});
