/**
 * Ingest rules of the reference server: per-field depth limits (400 naming the field), one bad
 * record never fails another writer's request, idempotency conflicts are 409 with a log line,
 * strict Content-Type, decidedAt as RFC 3339 within a sane range, and no stored record can break
 * the JSON Lines export.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecisionStore } from '../../src/server/decision-store.js';
import { type DecisionLogServer, startServer } from '../../src/server/index.js';
import { validateDecision } from '../../src/server/validate-decision.js';

const KEY = 'ingest-isolation-key';
const READ_KEY = 'ingest-isolation-read-key';
let dir: string;
let server: DecisionLogServer;
const logs: string[] = [];

function decision(id: string, extra: Record<string, unknown> = {}) {
  return { decisionId: id, aiSystemId: 'sys', modelUsed: 'm', input: { messages: [] }, output: { messages: [] }, status: 'completed', decidedAt: new Date().toISOString(), ...extra };
}
/** JSON text nested `levels` deep (built as text: JSON.stringify of it would overflow the stack). */
function deepJson(levels: number): string {
  return `${'{"a":'.repeat(levels)}"x"${'}'.repeat(levels)}`;
}
/** A decision with `field` nested `levels` deep, as JSON text. */
function withDeepField(id: string, field: string, levels: number): string {
  const base = JSON.stringify(decision(id));
  return `${base.slice(0, -1)},"${field}":${deepJson(levels)}}`;
}
async function post(body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/v1/decisions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, json: (await res.json()) as { error?: { field?: string; code?: string } } };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vx-ingest-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'log.sqlite'), ingestKey: KEY, readKey: READ_KEY, log: (line) => logs.push(line) });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('server ingest limits and isolation', () => {
  it('a record nested 10,000 levels deep in a field is a 400 naming the field; 99 concurrent valid writers all get 200', async () => {
    const poisoned = withDeepField('deep-1', 'checkpoint', 10_000);
    const valid = Array.from({ length: 99 }, (_, i) => post(JSON.stringify(decision(`valid-${i}`))));
    const [bad, ...good] = await Promise.all([post(poisoned), ...valid]);
    expect(bad).toMatchObject({ status: 400, json: { error: { field: 'checkpoint' } } });
    expect(good.map((r) => r.status)).toEqual(Array(99).fill(200));
  });

  it('one record failing inside the store fails alone: the others of its group commit are stored', () => {
    const store = createDecisionStore(':memory:');
    try {
      const item = (id: string, breakIt = false) => {
        const v = validateDecision(decision(id));
        if (!v.ok) throw new Error(v.message);
        // A value SQLite cannot bind: the insert of this one record throws inside the transaction.
        if (breakIt) (v.value as { modelUsed: unknown }).modelUsed = Symbol('unbindable');
        return { decision: v.value, body: JSON.stringify(v.value.record) };
      };
      const results = store.ingestMany([item('a'), item('b', true), item('c')]);
      expect(results.map((r) => 'failed' in r)).toEqual([false, true, false]);
      expect(store.count()).toBe(2);
    } finally {
      store.close();
    }
  });

  it('an idempotency conflict is a 409 and a log line; a retry of the same body is a duplicate', async () => {
    const d = decision('conflict-1');
    expect((await post(JSON.stringify(d))).status).toBe(200);
    expect((await post(JSON.stringify(d, null, 2))).status).toBe(200); // same value, pretty-printed
    const changed = await post(JSON.stringify({ ...d, modelUsed: 'other' }));
    expect(changed).toMatchObject({ status: 409, json: { error: { code: 'conflict' } } });
    expect(logs.some((l) => l.includes('idempotency conflict') && l.includes('conflict-1'))).toBe(true);
  });

  it('strict Content-Type: none, text/plain or a non-UTF-8 charset is 415', async () => {
    const body = JSON.stringify(decision('ct-1'));
    const res = await fetch(`${server.url}/v1/decisions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: new Blob([body]) });
    expect(res.status).toBe(415);
    expect((await post(body, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(body, { 'content-type': 'application/json; charset=latin1' })).status).toBe(415);
    expect((await post(body, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it('decidedAt must be RFC 3339 with a zone, in the years 2000 to 2099', async () => {
    for (const decidedAt of ['2026-12-06', '2026-12-06T10:00:00', 'Sun, 06 Dec 2026 10:00:00 GMT', '1970-01-01T00:00:00Z', '2999-01-01T00:00:00Z', '2026-13-45T99:00:00Z']) {
      expect(await post(JSON.stringify(decision(`t-${decidedAt}`, { decidedAt })))).toMatchObject({ status: 400, json: { error: { field: 'decidedAt' } } });
    }
    expect((await post(JSON.stringify(decision('t-ok', { decidedAt: '2026-12-06T10:00:00.5+01:00' })))).status).toBe(200);
  });

  it('the JSON Lines export stays one record per line whatever was stored (pretty-printed bodies included)', async () => {
    const pretty = JSON.stringify(decision('pretty-1', { input: { messages: [{ role: 'user', parts: [{ type: 'text', content: 'a\nb' }] }] } }), null, 2);
    expect((await post(pretty)).status).toBe(200);
    const res = await fetch(`${server.url}/v1/decisions?format=jsonl`, { headers: { authorization: `Bearer ${READ_KEY}` } });
    const lines = (await res.text()).split('\n').filter(Boolean);
    const parsed = lines.map((l) => JSON.parse(l) as { decisionId: string; input?: unknown });
    expect(parsed.find((r) => r.decisionId === 'pretty-1')?.input).toEqual(JSON.parse(pretty).input);
    expect(parsed.length).toBe(server.db.count());
  });
});
