import { randomBytes, hash } from 'node:crypto';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { canonicalizeWithCopy } from '../src/chain/format/canonical-json.js';
import { linkedHash } from '../src/chain/format/record-hash.js';
import { createMerkleFrontier } from '../src/chain/format/merkle.js';
import { spanToDecision } from '../src/mapping/span-to-decision.js';
import type { SpanLike } from '../src/otel-types.js';
import { encryptEntry, encryptEntryInto } from '../src/queue/entry-cipher.js';
import { createRedactor } from '../src/redaction/index.js';
import { redactDecision } from '../src/redaction/redact-decision.js';
// @ts-expect-error
import { AI_SCOPE, aiAttributes } from './lib/spans.mjs';
const N = 20000;
const ended: ReadableSpan[] = [];
const provider = new TracerProvider({ spanProcessors: [{ onStart() {}, onEnd: (s: ReadableSpan) => ended.push(s), forceFlush: async () => {}, shutdown: async () => {} }] });
const tracer = provider.getTracer(AI_SCOPE);
const t0 = process.cpuUsage();
for (let i = 0; i < N; i++) tracer.startSpan('chat gpt-4o-mini', { kind: 2, attributes: aiAttributes(i) }).end();
const tu = process.cpuUsage(t0); console.log('span creation', ((tu.user + tu.system) / N).toFixed(1));
const redactor = createRedactor();
const recs = (ended as unknown as SpanLike[]).map((s) => redactDecision(spanToDecision(s)!, redactor) as unknown as Record<string, unknown>);
for (const r of recs) { r.chainId = 'x'; r.seq = 1; r.prevHash = '0'.repeat(64); }
const key = randomBytes(32);
const target = Buffer.alloc(4096);
let texts: string[] = []; let hashes: string[] = [];
const frontier = createMerkleFrontier();
const stages: [string, () => void][] = [
  ['canonicalizeWithCopy', () => { texts = recs.map((r) => canonicalizeWithCopy(r).text); }],
  ['JSON.stringify only', () => { recs.map((r) => JSON.stringify(r)); }],
  ['linkedHash (concat + sha hex)', () => { hashes = texts.map((t) => linkedHash('0'.repeat(64), t)); }],
  ['sha256 of text only', () => { texts.map((t) => hash('sha256', t, 'hex')); }],
  ['Buffer.from utf8 only', () => { texts.map((t) => Buffer.from(t, 'utf8')); }],
  ['frontier add', () => { for (const h of hashes) frontier.add(h); }],
  ['record text concat', () => { texts.map((t, i) => `${t.slice(0, -1)},"hash":"${hashes[i]}"}`); }],
  ['encryptEntry', () => { texts.map((t) => encryptEntry(key, t)); }],
  ['encryptEntryInto', () => { for (const t of texts) encryptEntryInto(key, t, target, 0); }],
];
for (let round = 0; round < 6; round++) {
  const out: string[] = [];
  for (const [name, run] of stages) {
    const s = process.cpuUsage(); run(); const u = process.cpuUsage(s);
    out.push(`${((u.user + u.system) / N).toFixed(2)} ${name}`);
  }
  if (round === 5) console.log(out.join('\n'));
}
