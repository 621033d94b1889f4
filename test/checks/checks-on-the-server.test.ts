/**
 * The reference server with checks and actions: filters by action and by fired check (API and
 * workbench), the overview's per-check pass/fail counts and the rejected/escalated decisions, a
 * decision page that shows its checks. Migration 3 reads them from the stored body.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AIDecision } from '@vaxelia/ai-otel';
import { type DecisionLogServer, startServer } from '@vaxelia/ai-otel/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chain, post } from '../server/support/chained-records.js';

const INGEST = { authorization: 'Bearer writer-key-c' };
const READ = { authorization: 'Bearer reader-key-c' };

let server: DecisionLogServer;
let dir: string;

// 9 claims: every third escalated with the fraud check fired, one rejected by the amount rule, the rest allowed.
const claims = chain('claims-writer', 9, (i) => ({
  aiSystemId: 'claims-triage',
  checks: [
    { name: 'fraud-score', scoreValue: i % 3 === 0 ? 0.91 : 0.12, threshold: 0.7, fired: i % 3 === 0 },
    ...(i === 4 ? [{ name: 'amount-limit', fired: true, explanation: 'over the 10k limit' }] : []),
    ...(i === 5 ? [{ name: 'tone', scoreLabel: 'neutral' }] : []),
  ],
  action: i % 3 === 0 ? 'escalate' : i === 4 ? 'reject' : 'allow',
  decidedAt: `2030-02-0${1 + i}T10:00:00.000Z`,
}));
const plain = chain('other-writer', 2, () => ({ aiSystemId: 'chat-helper' }));

async function get(path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.url}${path}`, { headers: READ });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vaxelia-checks-server-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'log.sqlite'), ingestKey: 'writer-key-c', readKey: 'reader-key-c' });
  for (const r of [...claims, ...plain]) expect((await post(server.url, r, INGEST)).status).toBe(200);
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const idsOf = (text: string) => (JSON.parse(text) as { decisions: AIDecision[] }).decisions.map((d) => d.decisionId).sort();

describe('server: checks and actions', () => {
  it.each([
    ['action=escalate', [0, 3, 6]],
    ['action=reject', [4]],
    ['action=allow', [1, 2, 5, 7, 8]],
    ['firedCheck=fraud-score', [0, 3, 6]],
    ['firedCheck=amount-limit', [4]],
    ['firedCheck=tone', []],
    ['firedCheck=*', [0, 3, 4, 6]],
    ['firedCheck=*&action=reject', [4]],
  ] as const)('GET /v1/decisions?%s', async (query, expected) => {
    const { status, text } = await get(`/v1/decisions?${query}`);
    expect(status).toBe(200);
    expect(idsOf(text)).toEqual(expected.map((i) => claims[i]!.decisionId).sort());
  });

  it('400 names an empty action or fired-check filter', async () => {
    for (const field of ['action', 'firedCheck']) {
      const { status, text } = await get(`/v1/decisions?${field}=`);
      expect(status).toBe(400);
      expect(JSON.parse(text).error.field).toBe(field);
    }
  });

  it('the overview counts each check passed and fired, lists actions and the rejected or escalated decisions', async () => {
    const json = JSON.parse((await get('/report?format=json')).text) as { checks: { checks: unknown[]; actions: unknown[]; attention: { decisionId: string }[] } };
    expect(json.checks.checks).toEqual([
      { name: 'fraud-score', ran: 9, fired: 3, passed: 6 },
      { name: 'amount-limit', ran: 1, fired: 1, passed: 0 },
      { name: 'tone', ran: 1, fired: 0, passed: 0 },
    ]);
    expect(json.checks.actions).toEqual([
      { action: 'allow', count: 5 },
      { action: 'escalate', count: 3 },
      { action: 'reject', count: 1 },
    ]);
    expect(json.checks.attention.map((a) => a.decisionId)).toEqual([6, 4, 3, 0].map((i) => claims[i]!.decisionId));
    const html = (await get('/report')).text;
    expect(html).toContain('id="checks-table"');
    expect(html).toContain('href="/report/decisions?firedCheck=fraud-score&amp;sort=-decidedAt"');
    expect(html).toContain('href="/report/decisions?action=reject&amp;sort=-decidedAt"');
  });

  it('the workbench list filters by action and fired check, and a decision page shows its checks', async () => {
    const list = (await get('/report/decisions?action=reject&firedCheck=amount-limit')).text;
    expect(list).toContain(claims[4]!.decisionId);
    expect(list).not.toContain(claims[0]!.decisionId);
    const page = (await get(`/report/decisions/${claims[4]!.decisionId}`)).text;
    expect(page).toContain('id="decision-checks"');
    expect(page).toContain('<strong id="decision-action">reject</strong>');
    expect(page).toContain('over the 10k limit');
  });
});
