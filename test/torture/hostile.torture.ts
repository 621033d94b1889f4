/**
 * Hostile input: property-based spans (fast-check) plus a corpus of the nastiest shapes, through
 * spanToDecision and the full in-process pipeline (redaction + chain); the reference server under
 * malformed bodies, auth-bypass attempts and SQL-meaningful strings; the redactor under ReDoS inputs.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize, createRedactor, DecisionLogSpanProcessor, InMemoryDecisionSink, spanToDecision, verifyChain } from '../../src/index.js';
import type { SpanLike } from '../../src/otel-types.js';
import { type DecisionLogServer, startServer } from '../../src/server/index.js';
import { exportRecords } from './support/decision-log.js';
import { cycles } from './support/mode.js';
import { recordResult } from './support/results.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'vx-torture-hostile-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const GEN_AI_KEYS = [
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.definitions',
  'gen_ai.prompt.0.content',
  'gen_ai.prompt.0.role',
  'gen_ai.completion.0.content',
  'gen_ai.response.finish_reasons',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  'gen_ai.conversation.id',
  'llm.request.type',
  'ai.operationId',
  'ai.prompt',
  'ai.prompt.messages',
  'ai.response.text',
  'ai.response.toolCalls',
  'ai.values',
  'vaxelia.ai_system_id',
  'vaxelia.policy.id',
  'vaxelia.human_oversight.reviewer_id',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'vaxelia.__proto__.polluted',
  'gen_ai.__proto__',
];

const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }), // lone surrogates included
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('', '\u0000', '\uD800', '\uDFFF\uD800', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '[', '{"role":', 'null', 'NaN', '1e309'),
  fc.json({ maxDepth: 6 }),
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, Number.MAX_SAFE_INTEGER + 2),
  fc.boolean(),
  fc.bigInt().map((b) => b as unknown),
  fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined)), { maxLength: 8 }),
  fc.object({ maxDepth: 3 }) as fc.Arbitrary<unknown>,
  fc.constant(null),
  fc.constant(undefined),
);

const attributesArb = fc.dictionary(fc.oneof(fc.constantFrom(...GEN_AI_KEYS), fc.string({ unit: 'binary', maxLength: 30 })), nasty, { maxKeys: 20 });

let spanCounter = 0;
function makeSpan(attributes: Record<string, unknown>, events: SpanLike['events'] = [], extra: Partial<SpanLike> = {}): SpanLike {
  const n = ++spanCounter;
  const traceId = n.toString(16).padStart(32, '0');
  const spanId = n.toString(16).padStart(16, '0');
  return {
    name: 'chat hostile',
    kind: 2,
    spanContext: () => ({ traceId, spanId, traceFlags: 1 }),
    startTime: [1_700_000_000, 0],
    endTime: [1_700_000_001, 5],
    status: { code: 0 },
    // Always a gen_ai span, so the mapping runs (hostile values may still override these keys).
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm', ...attributes } as SpanLike['attributes'],
    events,
    resource: { attributes: { 'service.name': 'hostile' } },
    instrumentationScope: { name: '@opentelemetry/instrumentation-openai' },
    ...extra,
  } as SpanLike;
}

/** `{"a":{"a":…"x"…}}`, built as text (JSON.stringify of it would overflow the stack). */
function deepObject(depth: number): string {
  return `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
}

function deepJson(depth: number): string {
  return `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;
}

/** The corpus: shapes too big or too specific for random generation. */
function corpus(): { name: string; span: SpanLike }[] {
  const mb = 'A'.repeat(1_048_576);
  const cyclic: Record<string, unknown> = { role: 'user' };
  cyclic.self = cyclic;
  const cyclicArray: unknown[] = [];
  cyclicArray.push(cyclicArray);
  const protoObj = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"role":"user","parts":[{"type":"text","content":"hi"}]}');
  const getterBomb = Object.defineProperty({}, 'content', {
    enumerable: true,
    get() {
      throw new Error('getter bomb');
    },
  });
  const manyEvents = Array.from({ length: 10_000 }, (_, i) => ({
    name: i % 2 ? 'gen_ai.user.message' : 'gen_ai.choice',
    time: [1_700_000_000, i] as [number, number],
    attributes: { content: `event ${i}`, 'gen_ai.event.content': JSON.stringify({ content: `e${i}` }) },
  }));
  return [
    { name: 'megabyte strings in every content slot', span: makeSpan({ 'gen_ai.input.messages': mb, 'gen_ai.output.messages': mb, 'ai.prompt': mb, 'gen_ai.prompt.0.content': mb, 'gen_ai.request.model': mb }) },
    { name: 'megabyte JSON message array', span: makeSpan({ 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: mb }] }]) }) },
    { name: 'JSON bomb: 100k-deep nesting', span: makeSpan({ 'gen_ai.input.messages': deepJson(100_000), 'ai.prompt.messages': deepJson(100_000), 'gen_ai.tool.definitions': deepJson(50_000) }) },
    { name: 'JSON bomb: 200k parts', span: makeSpan({ 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: Array.from({ length: 200_000 }, () => ({ type: 'text', content: 'x' })) }]) }) },
    { name: 'JSON bomb: 100k messages with 1 KB roles', span: makeSpan({ 'gen_ai.output.messages': JSON.stringify(Array.from({ length: 100_000 }, () => ({ role: 'r'.repeat(1024) }))) }) },
    { name: 'invalid UTF-16 everywhere', span: makeSpan({ 'gen_ai.input.messages': '\uD800\uDC00\uDC00\uD800', 'gen_ai.request.model': '\uDFFF', 'gen_ai.conversation.id': '\uD83D', 'ai.response.text': 'a\uD800b' }) },
    { name: '__proto__ / constructor keys in JSON content', span: makeSpan({ 'gen_ai.input.messages': JSON.stringify([protoObj]), 'ai.response.toolCalls': '[{"__proto__":{"toolName":"x"}}]' }) },
    { name: 'prototype-pollution object attributes', span: makeSpan({ 'gen_ai.input.messages': [protoObj] as never, __proto__: { polluted: 1 } as never }) },
    { name: 'cyclic structures', span: makeSpan({ 'gen_ai.input.messages': [cyclic] as never, 'gen_ai.output.messages': cyclicArray as never, 'ai.values': cyclic as never }) },
    // Not an OTel attribute shape (the SDK copies values): only the processor path must survive it.
    { name: 'getter that throws (processor only)', span: makeSpan({ 'gen_ai.input.messages': [{ role: 'user', parts: [getterBomb] }] as never }) },
    { name: '10,000 events', span: makeSpan({}, manyEvents as never) },
    { name: 'events with hostile attributes', span: makeSpan({}, [{ name: '__proto__', time: [0, 0], attributes: { __proto__: 1, content: deepJson(10_000) } as never }, { name: 'gen_ai.choice', time: [0, 0], attributes: undefined }] as never) },
    { name: 'missing everything', span: { ...makeSpan({}), events: undefined, resource: undefined, status: undefined, endTime: undefined, startTime: undefined } as never },
    { name: 'bad hrtimes', span: makeSpan({}, [], { startTime: [Number.NaN, -1] as never, endTime: [Number.MAX_VALUE, 1e12] as never }) },
    { name: 'bigint and symbol values', span: makeSpan({ 'gen_ai.usage.input_tokens': 10n as never, 'gen_ai.usage.output_tokens': Symbol('x') as never, 'gen_ai.request.model': Symbol('m') as never }) },
    { name: 'flattened prompt with 10k indexes', span: makeSpan(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`gen_ai.prompt.${i * 997}.content`, `p${i}`]))) },
    { name: 'Vercel SDK hostile', span: makeSpan({ 'ai.operationId': 'ai.generateText.doGenerate', 'ai.prompt.messages': '[{"role":"user","content":[{"type":"image","image":{"__proto__":null}}]}]', 'ai.response.toolCalls': deepJson(5000) }) },
  ];
}

interface Tally {
  tried: number;
  maxMs: number;
  decisions: number;
  /** spanToDecision outputs that canonicalize() refuses (the pipeline must still record them). */
  uncanonical: Map<string, number>;
}

/** One span through the pure mapping: never throws, output canonicalisable. */
function throughMapping(span: SpanLike, tally: Tally): void {
  const started = performance.now();
  let decision: unknown;
  expect(() => {
    decision = spanToDecision(span);
  }).not.toThrow();
  if (decision !== undefined) {
    try {
      canonicalize(decision);
    } catch (error) {
      const where = /at (\/[^:]*)/.exec(String((error as Error).message))?.[1] ?? 'unknown';
      tally.uncanonical.set(where, (tally.uncanonical.get(where) ?? 0) + 1);
    }
    tally.decisions++;
  }
  tally.tried++;
  tally.maxMs = Math.max(tally.maxMs, performance.now() - started);
}

describe('hostile spans', () => {
  it('corpus + fast-check: never a throw into the app, every record canonicalisable and chained', async () => {
    const sink = new InMemoryDecisionSink();
    const errors: string[] = [];
    const processor = new DecisionLogSpanProcessor({
      sink,
      bufferDir: join(work, 'pipeline'),
      aiSystemId: 'hostile',
      logger: (level, message, fields) => {
        if (level === 'error') errors.push(`${message} ${String((fields as { error?: string })?.error ?? '')}`);
      },
    });
    const tally: Tally = { tried: 0, maxMs: 0, decisions: 0, uncanonical: new Map() };
    const rssBefore = process.memoryUsage().rss;
    const slow: string[] = [];
    for (const { name, span } of corpus()) {
      const before = tally.maxMs;
      tally.maxMs = 0;
      if (!name.endsWith('(processor only)')) throughMapping(span, tally);
      // A liveness bound, not a performance assertion: nothing may take anywhere near this.
      if (tally.maxMs > 20_000) slow.push(`${name}: ${tally.maxMs.toFixed(0)} ms`);
      tally.maxMs = Math.max(before, tally.maxMs);
      expect(() => processor.onEnd(span)).not.toThrow();
    }
    const runs = cycles(400, 5000);
    fc.assert(
      fc.property(attributesArb, fc.array(fc.record({ name: fc.oneof(fc.constantFrom('gen_ai.user.message', 'gen_ai.choice', '__proto__'), fc.string()), attributes: attributesArb }), { maxLength: 5 }), (attrs, events) => {
        const span = makeSpan(attrs, events.map((e) => ({ ...e, time: [1_700_000_000, 0] })) as never);
        throughMapping(span, tally);
        expect(() => processor.onEnd(span)).not.toThrow();
      }),
      { numRuns: runs, seed: Number(process.env.VAXELIA_TORTURE_SEED ?? 42) },
    );
    await processor.forceFlush();
    await processor.shutdown();
    // Prototype pollution never happened.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    // Every produced record canonicalises and the chain over them verifies.
    for (const record of sink.decisions) expect(() => canonicalize(record)).not.toThrow();
    const chain = verifyChain(sink.decisions as never);
    const notRecorded = errors.filter((m) => /stage failed; decision not recorded/.test(m)).length;
    // Only the reported bug may drop a record: a lone surrogate in a non-content field (see below).
    const unexplained = errors.filter((m) => /stage failed/.test(m) && !/CanonicalizationError/.test(m));
    const uncanonical = [...tally.uncanonical].map(([k, v]) => `${k}×${v}`).join(' ');
    recordResult({
      file: 'hostile',
      scenario: 'hostile spans (corpus + fast-check)',
      hostile: tally.tried,
      produced: tally.decisions,
      delivered: sink.decisions.filter((d) => d.operation !== 'checkpoint').length,
      maxRssBytes: process.memoryUsage().rss,
      note: `max ${tally.maxMs.toFixed(0)} ms/span in mapping; RSS +${((process.memoryUsage().rss - rssBefore) / 1_048_576).toFixed(0)} MiB; ${notRecorded} ERROR not-recorded; spanToDecision output not canonicalisable at: ${uncanonical || 'none'}`,
    });
    expect(slow).toEqual([]);
    expect(chain.problems).toEqual([]);
    expect(chain.ok).toBe(true);
    // Every gen_ai span became a record, except the known lone-surrogate bug (ERROR-logged, counted).
    expect(unexplained).toEqual([]);
  });
});

// Found by this suite (fixed): a lone surrogate in a non-content string attribute (legal for the OTel
// API) reached the record unsanitised and canonicalize() refused it, dropping the decision. Every
// attribute string is now made well-formed when read, with a mapping warning.
describe('lone surrogates in non-content fields', () => {
  for (const [field, value] of [
    ['gen_ai.conversation.id', 'conv-\uD800'],
    ['gen_ai.response.finish_reasons', ['stop\uDFFF']],
  ] as const) {
    it(`${field} with a lone surrogate still yields a chained record`, async () => {
      const sink = new InMemoryDecisionSink();
      const processor = new DecisionLogSpanProcessor({ sink, bufferDir: join(work, `surrogate-${field}`), logger: () => {} });
      processor.onEnd(makeSpan({ [field]: value as never }));
      await processor.shutdown();
      recordResult({ file: 'hostile', scenario: `lone surrogate in ${field}`, produced: 1, delivered: sink.decisions.filter((d) => d.operation !== 'checkpoint').length, lost: 1 - sink.decisions.filter((d) => d.operation !== 'checkpoint').length, hostile: 1 });
      expect(sink.decisions.filter((d) => d.operation !== 'checkpoint')).toHaveLength(1);
    });
  }
});

describe('reference server under hostile requests', () => {
  const KEY = "torture-server-key-'; DROP TABLE decisions; --";
  let server: DecisionLogServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, dbPath: join(work, 'server.sqlite'), ingestKey: KEY, readKey: `read-${KEY}`, maxBodyBytes: 65_536 });
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/v1/decisions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...headers }, body }).then(async (r) => ({ status: r.status, text: await r.text() }));

  const SQL = ["'; DROP TABLE decisions; --", '" OR 1=1 --', "Robert'); DELETE FROM decisions WHERE ('1'='1", '%', '_', '\\', "'||(SELECT sqlite_version())||'", '\u0000; ATTACH DATABASE \'/tmp/x\' AS x; --', '$1', '?'];

  it('auth bypass attempts, malformed and oversized bodies, SQL strings stored verbatim', async () => {
    let tried = 0;
    const valid = (i: number, s: string) => ({
      aiSystemId: `sys${s}`,
      modelUsed: `model${s}`,
      input: { messages: [{ role: `user${s}`, parts: [{ type: 'text', content: `in${s}` }] }] },
      output: `out${s}`,
      status: 'completed',
      decidedAt: '2026-01-01T00:00:00.000Z',
      decisionId: `sql-${i}-${s}`,
      operation: `chat${s}`,
      conversationId: s,
      error: { type: s, message: s },
    });
    // Auth: missing, wrong, wrong length, prefix/suffix tricks, other schemes, case games.
    const attempts: Record<string, string>[] = [
      { authorization: '' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer ' },
      { authorization: `Bearer ${KEY.slice(0, -1)}` },
      { authorization: `Bearer ${KEY}x` },
      { authorization: `Bearer ${KEY.toUpperCase()}` },
      { authorization: `Basic ${Buffer.from(`user:${KEY}x`).toString('base64')}` },
      { authorization: `Basic ${Buffer.from('user:').toString('base64')}` },
      { authorization: `Token ${KEY}` },
      { authorization: `Bearer ${KEY}\u0000` },
      { authorization: `Bearer ${'x'.repeat(10_000)}` },
      { authorization: `Bearer ' OR '1'='1` },
    ];
    for (const headers of attempts) {
      // A connection reset is not a refusal: it fails the scenario. Only a header the client itself
      // refuses to send (fetch validates header values) is left out.
      const unsendable = (error: unknown) => {
        if (error instanceof TypeError && /invalid header value/i.test(error.message)) return { status: 401 };
        throw error;
      };
      const r = await fetch(`${server.url}/v1/decisions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(valid(0, 'auth')) }).catch(unsendable);
      tried++;
      expect([400, 401, 403]).toContain(r.status);
      const g = await fetch(`${server.url}/v1/decisions?format=jsonl`, { headers }).catch(unsendable);
      tried++;
      expect([400, 401, 403]).toContain(g.status);
    }
    const noAuth = await fetch(`${server.url}/v1/decisions`, { method: 'POST', body: '{}' });
    expect(noAuth.status).toBe(401);
    // Malformed and oversized bodies: 4xx, never 5xx, never a crash.
    const bodies: (string | Uint8Array)[] = [
      '',
      '{',
      'null',
      '[]',
      '"x"',
      '1e999999',
      deepJson(100_000),
      '{"__proto__":{"polluted":1},"decisionId":"p"}',
      new Uint8Array([0xff, 0xfe, 0x00, 0x80]),
      `{"decisionId":"${'x'.repeat(70_000)}"}`,
      JSON.stringify({ ...valid(1, 'x'), seq: -1, chainId: 'c', prevHash: 'zz', hash: 'zz' }),
      JSON.stringify({ ...valid(2, 'x'), decidedAt: 'yesterday' }),
    ];
    for (const body of bodies) {
      const r = await post(body);
      tried++;
      expect(r.status, `body ${String(body).slice(0, 40)}`).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.text).not.toContain(KEY);
    }
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16']) {
      const r = await post(JSON.stringify(valid(3, ct)), { 'content-type': ct });
      tried++;
      expect(r.status).toBeLessThan(500);
    }
    // SQL-meaningful strings in every field: stored verbatim, nothing injected.
    const sent = SQL.map((s, i) => valid(100 + i, s));
    for (const d of sent) {
      const r = await post(JSON.stringify(d));
      tried++;
      expect(r.status, r.text).toBeLessThan(300);
    }
    for (const s of SQL) {
      const q = await fetch(`${server.url}/v1/decisions?chainId=${encodeURIComponent(s)}&model=${encodeURIComponent(s)}`, { headers: { authorization: `Bearer read-${KEY}` } });
      tried++;
      expect(q.status).toBeLessThan(500);
    }
    const stored = await exportRecords(server.url, `read-${KEY}`);
    for (const d of sent) {
      const got = stored.find((r) => r.decisionId === d.decisionId);
      expect(got, d.decisionId).toBeDefined();
      expect(got).toMatchObject(d);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    recordResult({ file: 'hostile', scenario: 'reference server: auth, bodies, SQL', hostile: tried, produced: sent.length, delivered: sent.filter((d) => stored.some((r) => r.decisionId === d.decisionId)).length, lost: 0 });
  });

  it('a record nested 10,000 levels deep inside a field, sent with 99 valid concurrent writers: only it fails (400 naming the field); the export and verify still work', async () => {
    const base = (id: string) => ({ aiSystemId: 'poison', modelUsed: 'm', input: { messages: [] }, output: { messages: [] }, status: 'completed', decidedAt: new Date().toISOString(), decisionId: id });
    const poisoned = `${JSON.stringify(base('poison-deep')).slice(0, -1)},"checkpoint":${deepObject(10_000)}}`;
    // Allowed depth, pretty-printed: stored, and must not break the JSON Lines export.
    const pretty = JSON.stringify({ ...base('poison-pretty'), output: JSON.parse(deepObject(40)) }, null, 2);
    const timed = async (body: string) => {
      const started = performance.now();
      const r = await post(body); // a reset rejects here and fails the test
      return { ...r, ms: performance.now() - started };
    };
    const answers = await Promise.all([timed(poisoned), timed(pretty), ...Array.from({ length: 99 }, (_, i) => timed(JSON.stringify(base(`poison-valid-${i}`))))]);
    const [deep, prettyAnswer, ...valid] = answers;
    expect(deep!.status).toBe(400);
    expect(JSON.parse(deep!.text)).toMatchObject({ error: { field: 'checkpoint' } });
    expect(prettyAnswer!.status).toBe(200);
    const errors = valid.filter((a) => a.status !== 200).length;
    const sorted = valid.map((a) => a.ms).sort((a, b) => a - b);
    const p99 = sorted[Math.ceil(sorted.length * 0.99) - 1]!;
    const stored = await exportRecords(server.url, `read-${KEY}`);
    const ids = new Set(stored.map((r) => r.decisionId));
    const validStored = valid.filter((_, i) => ids.has(`poison-valid-${i}`)).length;
    recordResult({ file: 'hostile', scenario: 'reference server: 1 deep record + 99 valid concurrent POSTs', hostile: 1, produced: 99, delivered: validStored, lost: 99 - validStored, note: `valid writers: ${errors} errors, p99 ${p99.toFixed(0)} ms; export ${stored.length} lines` });
    expect(errors).toBe(0);
    expect(validStored).toBe(99);
    expect(ids.has('poison-pretty')).toBe(true);
    expect(ids.has('poison-deep')).toBe(false);
  });
});

describe('redactor ReDoS', () => {
  it('every detector, pathological inputs: completes, output sane, PII after the payload still found', () => {
    const redactor = createRedactor();
    const unit = 16_384 * cycles(4, 16); // 64 KiB in short mode, 256 KiB long
    const payloads: Record<string, string> = {
      'email local-part run': 'a.'.repeat(unit / 2),
      'email @ run': 'a@'.repeat(unit / 2),
      'email dots after @': `a@${'b.'.repeat(unit / 2)}`,
      'email hyphen domain': `x@${'-a'.repeat(unit / 2)}`,
      'digit run': '1'.repeat(unit),
      'digits and spaces (card)': '1 '.repeat(unit / 2),
      'digits and dashes (card/ssn)': '12-'.repeat(unit / 3),
      'ssn-like chain': '123-45-'.repeat(unit / 7),
      'phone plus run': '+1 ('.repeat(unit / 4),
      'phone parens': '(555) '.repeat(unit / 6),
      'iban prefix run': 'DE89 '.repeat(unit / 5),
      'iban letters+digits': 'GB82WEST'.repeat(unit / 8),
      'ipv4 dots': '1.'.repeat(unit / 2),
      'ipv4 octets': '255.255.255.'.repeat(unit / 12),
      'ipv6 colons': ':'.repeat(unit),
      'ipv6 groups': 'ffff:'.repeat(unit / 5),
      'ipv6 double colon': '::1:'.repeat(unit / 4),
      'mixed separators': '1.-/ '.repeat(unit / 5),
      'unicode digits': '١٢٣'.repeat(unit / 3),
      'lone surrogates': '\uD800'.repeat(unit),
    };
    let tried = 0;
    const problems: string[] = [];
    for (const [name, payload] of Object.entries(payloads)) {
      const text = `${payload} contact jane.torture@example.com`;
      const started = performance.now();
      const out = redactor.redact(text);
      const ms = performance.now() - started;
      tried++;
      if (out.text.includes('jane.torture@example.com')) problems.push(`${name}: e-mail after the payload not redacted`);
      if (out.text.length > text.length * 4) problems.push(`${name}: output grew ${out.text.length}/${text.length}`);
      if (ms > 20_000) problems.push(`${name}: ${ms.toFixed(0)} ms`); // generous liveness bound only
    }
    recordResult({ file: 'hostile', scenario: 'redactor ReDoS corpus', hostile: tried, note: `${Object.keys(payloads).length} payloads × ${unit} chars` });
    expect(problems).toEqual([]);
  });
});
