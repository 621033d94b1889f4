#!/usr/bin/env node
// Redaction throughput: our engine vs @redactpii/node and redact-pii on the same texts: the public
// PII corpus (test/fixtures/pii/public.jsonl), the project's own generated corpus
// (test/redaction/corpus/), adversarial inputs; then ours alone on each adversarial input at three
// sizes (time per character must not grow: linear time).
//
//   node bench/redaction/redaction-bench.mjs [--reps 7] [--corpus test/fixtures/pii/public.jsonl] [--only corpus] [--base REV]
//
// `--only <text>` runs just the rows whose label contains <text> (e.g. `corpus`, `digit`), for quick checks.
// `--base <rev>` adds our engine as of that git revision as a column (before/after in the same run);
// the ratio columns then give both against the fastest peer.
//
// MB = 1e6 UTF-8 bytes of input per second of CPU time. Each library's `redact(text)` runs over the whole input set per pass;
// passes are interleaved round-robin across libraries (so machine load hits all of them alike) after
// warm-up, and the median pass is reported. Adversarial inputs are timed the same way, one input per row.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redactor as RedactPiiNode } from '@redactpii/node';
import redactPii from 'redact-pii';
import { loadEngine } from '../../scripts/pii-adapter.mjs';
import { generateCorpus } from '../../test/redaction/corpus/generate.mjs';
import { arg } from '../lib/stats.mjs';
import { loadRevision } from './load-revision.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const reps = Number(arg('--reps', 7));
const corpusFile = arg('--corpus', path.resolve(root, 'test/fixtures/pii/public.jsonl'));
const only = arg('--only', '');

const engine = await loadEngine();
const ours = engine.createRedactor();
const peerNode = new RedactPiiNode();
const peerClassic = new redactPii.SyncRedactor();

const base = arg('--base', '');
const oursBefore = base ? (await loadRevision(base)).createRedactor() : undefined;

const libraries = [
  { name: '@vaxelia/ai-otel', redact: (t) => ours.redact(t).text },
  ...(oursBefore ? [{ name: `ours@${base}`, redact: (t) => oursBefore.redact(t).text }] : []),
  { name: '@redactpii/node', redact: (t) => peerNode.redact(t) },
  { name: 'redact-pii', redact: (t) => peerClassic.redact(t) },
];
/** Our columns: the working tree, and the base revision when given. */
const ourCount = oursBefore ? 2 : 1;

const corpus = readFileSync(corpusFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line).text);
const ownCorpus = generateCorpus({ seed: 22, records: 3000 }).map((record) => record.text);

function base64Token(bytes) {
  let s = '';
  let x = 0x2545f491;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s += alphabet[(x >>> 0) % 64];
  }
  return s;
}

/** Each adversarial input as a function of its size in characters, for the linear-time rows. */
const adversarialShapes = [
  ['base64 token', (n) => base64Token(n)],
  ['digits', (n) => '7'.repeat(n)],
  ['digit groups "1234 "', (n) => '1234 '.repeat(n / 5)],
  ['a@a@a@…', (n) => 'a@'.repeat(n / 2)],
  ['hex and colons', (n) => 'ab:'.repeat(n / 3)],
  ['email-ish run', (n) => `${'a.'.repeat(n / 2)}@example.com`],
  ['8-digit layouts after "phone"', (n) => `phone ${'22 34 56 78 '.repeat(n / 12)}`],
  ['trunk-prefixed mobiles', (n) => '0612345678 '.repeat(n / 11)],
  ['tracking-shaped "9400 "', (n) => `tracking ${'9400 '.repeat(n / 5)}`],
  ['UPS-shaped "1Z 999 AA1 01 "', (n) => '1Z 999 AA1 01 '.repeat(n / 14)],
  ['IBAN-shaped "de89 "', (n) => 'de89 '.repeat(n / 5)],
];

const adversarial = [
  ['1 MB base64 token', [base64Token(1_000_000)]],
  ['100 KB of digits', ['7'.repeat(100_000)]],
  ['100 KB digit groups "1234 "', ['1234 '.repeat(20_000)]],
  ['100 KB a@a@a@…', ['a@'.repeat(50_000)]],
  ['100 KB dots and dashes', ['.-'.repeat(25_000) + '-'.repeat(25_000) + '.'.repeat(25_000)]],
  ['100 KB hex and colons', ['ab:'.repeat(33_333)]],
  ['100 KB email-ish run', [`${'a.'.repeat(50_000)}@example.com`]],
  ['100 KB 8-digit layouts', [`phone ${'22 34 56 78 '.repeat(8_333)}`]],
  ['100 KB tracking-shaped runs', [`tracking ${'9400 '.repeat(20_000)}`]],
  ['100 KB IBAN-shaped "de89 "', ['de89 '.repeat(20_000)]],
];

const bytesOf = (texts) => texts.reduce((s, t) => s + Buffer.byteLength(t, 'utf8'), 0);

/**
 * One timed pass. Time is this process's CPU time (user + system), not wall-clock: the bench
 * machine is shared, and CPU time is what other processes' load distorts least.
 */
function pass(lib, texts) {
  let sink = 0;
  const t0 = process.cpuUsage();
  for (const t of texts) sink += lib.redact(t).length;
  const dt = process.cpuUsage(t0);
  return [(dt.user + dt.system) / 1e6, sink];
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/**
 * Median MB/s per library; passes interleaved round-robin after warm-up. A library whose pass takes
 * longer than `capSeconds` (a peer stuck backtracking on an adversarial input) is measured once.
 */
function measure(texts, { warmup, passes, repeat = 1, capSeconds = 3 }) {
  const bytes = bytesOf(texts) * repeat;
  const rates = libraries.map(() => []);
  const slow = libraries.map(() => false);
  for (let w = 0; w < warmup; w++) {
    libraries.forEach((lib, i) => {
      if (slow[i]) return;
      let dt = 0;
      for (let r = 0; r < repeat; r++) dt += pass(lib, texts)[0];
      if (dt > capSeconds) {
        slow[i] = true;
        rates[i].push(bytes / 1e6 / dt);
      }
    });
  }
  for (let p = 0; p < passes; p++) {
    libraries.forEach((lib, i) => {
      if (slow[i]) return;
      let dt = 0;
      for (let r = 0; r < repeat; r++) dt += pass(lib, texts)[0];
      rates[i].push(bytes / 1e6 / dt);
      if (dt > capSeconds) slow[i] = true;
    });
  }
  return rates.map(median);
}

function row(label, run) {
  if (!label.includes(only)) return;
  const mbps = run();
  const fastestPeer = Math.max(...mbps.slice(ourCount));
  const cells = mbps.map((x) => (x < 0.1 ? x.toFixed(3) : x.toFixed(1)).padStart(10)).join('');
  const ratios = mbps.slice(0, ourCount).map((x) => `${(x / fastestPeer).toFixed(2).padStart(10)}×`);
  console.log(`${label.padEnd(34)}${cells}${ratios.join('')}`);
}

console.log(`node ${process.version}, ${reps} round-robin passes, median MB per CPU-second (1 MB = 1e6 UTF-8 bytes)`);
console.log(`${'input'.padEnd(34)}${libraries.map((l) => l.name.slice(0, 9).padStart(10)).join('')}  ours/best peer${oursBefore ? `, ours@${base}/best peer` : ''}`);
row(`corpus (${corpus.length} texts, ${(bytesOf(corpus) / 1024).toFixed(0)} KiB)`, () => measure(corpus, { warmup: 5, passes: reps, repeat: 5 }));
row(`own corpus (${ownCorpus.length} texts, ${(bytesOf(ownCorpus) / 1024).toFixed(0)} KiB)`, () => measure(ownCorpus, { warmup: 3, passes: reps, repeat: 2 }));
const bulk = [corpus.join('\n')];
row('corpus as one document', () => measure(bulk, { warmup: 5, passes: reps, repeat: 5 }));
for (const [label, texts] of adversarial) row(label, () => measure(texts, { warmup: 1, passes: Math.max(3, Math.ceil(reps / 2)) }));

/** CPU nanoseconds per character of one `redact` of `text` (the median of `passes`). */
function nsPerChar(text, passes) {
  const times = [];
  for (let p = 0; p < passes; p++) times.push(pass(libraries[0], [text])[0]);
  return (median(times) * 1e9) / text.length;
}

if ('linear time'.includes(only)) {
  console.log('\nlinear time, ours alone: CPU ns per character at 10 KB, 100 KB, 1 MB, and 1 MB over 10 KB (~1 when linear)');
  for (const [label, make] of adversarialShapes) {
    const rates = [10_000, 100_000, 1_000_000].map((n) => {
      const text = make(n);
      nsPerChar(text, 1);
      return nsPerChar(text, n > 100_000 ? 3 : 9);
    });
    console.log(`${label.padEnd(34)}${rates.map((r) => r.toFixed(2).padStart(10)).join('')}${(rates[2] / rates[0]).toFixed(2).padStart(10)}`);
  }
}
