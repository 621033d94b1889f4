import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { AIDecision } from '@vaxelia/ai-otel';
import { type DecisionLogServer, startServer } from '@vaxelia/ai-otel/server';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { appendCheckpoint, chain, decision, post } from './support/chained-records.js';

const INGEST = { authorization: 'Bearer writer-key-1' };
const READ = { authorization: 'Bearer reader-key-2' };

let server: DecisionLogServer;
let dir: string;
/** The parts of the OpenAPI document the checks read. */
interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  components: unknown;
}
/** The response shapes these tests read. */
interface Body {
  decisions: AIDecision[];
  nextCursor: string | null;
  error: { field: string; message: string };
  decision: AIDecision;
  integrity: { verdict: string; checks: { check: string }[] };
  coveringCheckpoint: unknown;
  chain: { status: string };
  reviewedBy: string[];
  reviews: string | null;
  trace: { decisionIds: string[] };
}
let openapi: OpenApiDoc;
const seen: { method: string; path: string; status: number; contentType: string; body: string }[] = [];

/** A GET through the real server; every response is kept and checked against the OpenAPI document at the end. */
async function get(path: string, headers: Record<string, string> = READ): Promise<{ status: number; json: Body; text: string }> {
  const res = await fetch(`${server.url}${path}`, { headers });
  const text = await res.text();
  seen.push({ method: 'get', path, status: res.status, contentType: res.headers.get('content-type') ?? '', body: text });
  return { status: res.status, text, json: ((res.headers.get('content-type') ?? '').includes('application/json') ? JSON.parse(text) : {}) as Body };
}

const fraud = chain('fraud-writer', 8, (i) => ({
  aiSystemId: 'fraud-screening',
  modelUsed: i % 2 ? 'gpt-4o' : 'claude-sonnet-4',
  provider: i % 2 ? 'openai' : 'anthropic',
  status: i === 3 ? 'failed' : 'completed',
  operation: i === 5 ? 'execute_tool' : 'chat',
  traceId: i < 4 ? 'trace-a' : 'trace-b',
  redaction: { mode: 'mask', counts: (i % 3 === 0 ? { IBAN: 1 } : { EMAIL: 2 }) as Record<string, number> },
  decidedAt: `2030-01-0${1 + Math.floor(i / 2)}T10:00:0${i}.000Z`,
}));
appendCheckpoint(fraud, 0, true);
const credit = chain('credit-writer', 4, (i) => ({ aiSystemId: 'credit-assistant', decidedAt: `2029-12-31T10:00:0${i}.000Z` }));
const review: AIDecision = decision({
  aiSystemId: 'credit-assistant',
  decisionId: 'review-of-fraud-3',
  relatedDecisionId: fraud[3]!.decisionId,
  humanOversight: { reviewerId: 'r-7', outcome: 'override' },
  operation: 'human_review',
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vaxelia-read-api-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'log.sqlite'), ingestKey: 'writer-key-1', readKey: 'reader-key-2' });
  for (const r of [...fraud, ...credit, review]) expect((await post(server.url, r, INGEST)).status).toBe(200);
  openapi = (await get('/openapi.json', {})).json as unknown as OpenApiDoc;
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = (json: { decisions: AIDecision[] }) => json.decisions.map((d) => d.decisionId);

describe('GET /v1/decisions filters', () => {
  it.each([
    ['aiSystemId=fraud-screening', 8],
    ['aiSystemId=credit-assistant', 5],
    ['model=gpt-4o', 4],
    ['provider=anthropic', 4],
    ['status=failed', 1],
    ['operation=execute_tool', 1],
    ['from=2030-01-02&to=2030-01-03', 2],
    ['from=2030-01-02T00:00:00Z', 6 + 1],
    ['chainId=credit-writer', 4],
    ['humanReview=true', 2],
    ['humanReview=false', 12],
    ['redaction=IBAN', 3],
    ['traceId=trace-a', 4],
    [`relatedDecisionId=${fraud[3]!.decisionId}`, 1],
  ])('%s selects %i', async (query, count) => {
    const { status, json } = await get(`/v1/decisions?${query}`);
    expect(status).toBe(200);
    expect(json.decisions).toHaveLength(count);
  });

  it.each([
    ['aiSystemid=fraud-screening', 'aiSystemid'],
    ['status=ok', 'status'],
    ['from=yesterday', 'from'],
    ['from=2030-01-02T00:00:00', 'from'],
    ['from=2030-01-03&to=2030-01-02', 'to'],
    ['humanReview=yes', 'humanReview'],
    ['sort=colour', 'sort'],
    ['limit=0', 'limit'],
    ['limit=1.5', 'limit'],
    ['cursor=zzz', 'cursor'],
    ['model=a&model=b', 'model'],
    ['aiSystemId=', 'aiSystemId'],
  ])('400 names the parameter: %s', async (query, field) => {
    const { status, json } = await get(`/v1/decisions?${query}`);
    expect(status).toBe(400);
    expect(json.error.field).toBe(field);
    expect(json.error.message).toContain(field);
  });

  it('sorts and pages with a cursor, in every order, without losing or repeating a row', async () => {
    for (const sort of ['decidedAt', '-decidedAt', 'aiSystemId', '-model', 'status', '-received']) {
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await get(
          `/v1/decisions?sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        all.push(...ids(page.json));
        cursor = page.json.nextCursor;
      } while (cursor);
      expect(all).toHaveLength(14);
      expect(new Set(all).size).toBe(14);
    }
    // Ties on decidedAt (the final checkpoint and the record it follows) go by arrival.
    expect(ids((await get('/v1/decisions?sort=-decidedAt&limit=2')).json)).toEqual([fraud[8]!.decisionId, fraud[7]!.decisionId]);
    expect(ids((await get('/v1/decisions?sort=decidedAt&limit=1')).json)).toEqual([review.decisionId]);
  });
});

describe('GET /v1/decisions/{decisionId}', () => {
  it('returns the record verbatim, its checks, its review and its agent run', async () => {
    const { status, json } = await get(`/v1/decisions/${encodeURIComponent(fraud[3]!.decisionId)}`);
    expect(status).toBe(200);
    expect(json.decision).toEqual(fraud[3]);
    expect(json.integrity.verdict).toBe('ok');
    expect(json.integrity.checks.map((c) => c.check)).toEqual(expect.arrayContaining(['hash', 'link', 'signature', 'checkpoint', 'seal']));
    expect(json.coveringCheckpoint).toMatchObject({ decisionId: fraud[8]!.decisionId, seq: 8, state: 'ok' });
    expect(json.chain.status).toBe('unsigned; sealed by the checkpoint at seq 8');
    expect(json.reviewedBy).toEqual([review.decisionId]);
    expect(json.trace.decisionIds).toHaveLength(3);
    expect((await get(`/v1/decisions/${review.decisionId}`)).json.reviews).toBe(fraud[3]!.decisionId);
  });

  it('404 for an unknown id, 400 for a query parameter, 403 with the ingest key', async () => {
    expect((await get('/v1/decisions/nope')).status).toBe(404);
    expect((await get(`/v1/decisions/${review.decisionId}?x=1`)).json.error.field).toBe('x');
    expect((await get(`/v1/decisions/${review.decisionId}`, INGEST)).status).toBe(403);
  });
});

describe('GET /v1/export', () => {
  async function verifyExport(query: string): Promise<{ code: number; printed: string; lines: string[] }> {
    const res = await fetch(`${server.url}/v1/export?${query}`, { headers: READ });
    expect(res.status).toBe(200);
    const text = await res.text();
    const file = join(dir, `export-${seen.length}.jsonl`);
    writeFileSync(file, text);
    const out = new PassThrough();
    let printed = '';
    out.on('data', (c) => {
      printed += String(c);
    });
    const code = await runCli(['verify', file], { stdout: out, stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: dir });
    return { code, printed, lines: text.trim().split('\n') };
  }

  it('a filtered selection verifies with the real verify command: chain context included up to the covering checkpoint', async () => {
    const { code, printed, lines } = await verifyExport('aiSystemId=fraud-screening&status=failed');
    expect(code).toBe(0);
    expect(printed).toMatch(/OK: 9 records in 1 chain/);
    expect(lines).toHaveLength(9);
  });

  it('the evidence pack marks what was selected and verifies too', async () => {
    const { code, lines } = await verifyExport('model=gpt-4o&chainId=fraud-writer&format=evidence');
    expect(code).toBe(0);
    const header = JSON.parse(lines[0]!).vaxeliaEvidencePack;
    expect(header.verification).toMatchObject({ ok: true, problems: 0 });
    expect(header.source).toContain('model=gpt-4o');
    const records = lines.slice(1).map((l) => JSON.parse(l));
    expect(records.filter((r) => r.vaxeliaEvidence.selected).map((r) => r.record.modelUsed)).toEqual(['gpt-4o', 'gpt-4o', 'gpt-4o', 'gpt-4o']);
    expect(records).toHaveLength(9);
  });

  it('unchained records cannot verify, and verify says so', async () => {
    const { code, printed } = await verifyExport('operation=human_review');
    expect(code).toBe(1);
    expect(printed).toContain('malformed');
  });
});

describe('credentials and health', () => {
  it('healthz says only ok, without auth; the read key cannot write', async () => {
    const health = await get('/healthz', {});
    expect(health).toMatchObject({ status: 200, text: 'ok' });
    expect((await post(server.url, decision(), READ)).status).toBe(403);
    expect((await get('/v1/chains', INGEST)).status).toBe(403);
    expect((await get('/v1/chains')).status).toBe(200);
  });

  it('refuses one key for both, an empty key, or only one key', async () => {
    await expect(startServer({ port: 0, ingestKey: 'same', readKey: 'same' })).rejects.toThrow(/must differ/);
    await expect(startServer({ port: 0, ingestKey: '', readKey: 'x' })).rejects.toThrow(/must not be empty/);
    await expect(startServer({ port: 0, ingestKey: 'only' })).rejects.toThrow(/readKey \(VAXELIA_SERVER_READ_KEY\) is not set/);
  });
});

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(openapi as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(openapi.openapi).toBe('3.1.0');
  });

  it('describes every route the server answers, and every real response matches its schema', async () => {
    // Each documented path answers (not 404) on the real server.
    for (const path of Object.keys(openapi.paths)) {
      const concrete = path.replace('{decisionId}', encodeURIComponent(review.decisionId));
      expect((await get(concrete)).status, path).not.toBe(404);
    }
    expect((await get('/v1/undocumented')).status).toBe(404);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'openapi', components: openapi.components });
    let checked = 0;
    for (const r of seen) {
      const path = new URL(r.path, 'http://x').pathname;
      const template = Object.keys(openapi.paths).find((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
      if (!template) continue;
      const response = openapi.paths[template]![r.method]!.responses[String(r.status)];
      expect(response, `${r.method} ${r.path} ${r.status} is documented`).toBeDefined();
      const mediaType = r.contentType.split(';')[0]!;
      const media = response?.content?.[mediaType];
      expect(media, `${r.method} ${r.path} ${r.status} ${mediaType} is documented`).toBeDefined();
      if (mediaType !== 'application/json') continue;
      const schema = JSON.parse(JSON.stringify(media!.schema).replaceAll('"#/components', '"openapi#/components'));
      const validate = ajv.compile(schema);
      const ok = validate(JSON.parse(r.body));
      expect(ok ? [] : validate.errors, `${r.method} ${r.path} ${r.status}`).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });
});
