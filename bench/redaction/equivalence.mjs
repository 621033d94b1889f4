#!/usr/bin/env node
// Differential check for performance work: the redaction engine of a git revision and the working
// tree must find exactly the same spans (and give the same redact() output in every mode).
//
//   node bench/redaction/equivalence.mjs [--base HEAD~1] [--seed 1] [--random 20000]
//
// Inputs: the public corpus, mutations of it (case, separators, concatenations, cut-outs), texts
// built from PII-shaped tokens per detector, random strings, and long adversarial runs. Prints the
// number of texts checked and the findings per type (so a run that exercises nothing is visible);
// exits 1 on the first mismatches, with the text and both results.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../../scripts/pii-adapter.mjs';
import { loadRevision } from './load-revision.mjs';
import { arg } from '../lib/stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const base = arg('--base', 'HEAD~1');
let seed = Number(arg('--seed', 1)) || 1;
const randomTexts = Number(arg('--random', 20000));

const A = await loadRevision(base);
const B = await loadEngine();
const configs = [{}, { types: ['PHONE'] }, { types: ['EMAIL', 'IBAN'] }, { types: ['IPV4', 'IPV6'] }, { types: ['CREDIT_CARD', 'US_SSN'] }];
configs.push({
  customDetectors: [
    { type: 'TICKET', pattern: /T-\d+|\d{3}/ },
    { type: 'FN', detect: (t) => [...t.matchAll(/e../g)].slice(0, 5).map((m) => ({ start: m.index, end: m.index + 3 })) },
  ],
});
const pairs = configs.map((options) => [A.createRedactor(options), B.createRedactor(options)]);
const modes = [{ mode: 'mask', modes: { EMAIL: 'hash' }, redactionKey: 'k' }].map((o) => [A.createRedactor(o), B.createRedactor(o)]);

let checked = 0;
let bad = 0;
const perType = {};
function check(text) {
  checked++;
  for (const span of pairs[0][0].detect(text)) perType[span.type] = (perType[span.type] ?? 0) + 1;
  const results = [
    ...pairs.map(([a, b]) => [a.detect(text), b.detect(text)]),
    ...[pairs[0], ...modes].map(([a, b]) => [a.redact(text), b.redact(text)]),
  ];
  for (const [x, y] of results) {
    const [sx, sy] = [JSON.stringify(x), JSON.stringify(y)];
    if (sx === sy) continue;
    if (bad++ < 10) console.log(`MISMATCH ${JSON.stringify(text).slice(0, 300)}\n  ${base}: ${sx.slice(0, 300)}\n  tree: ${sy.slice(0, 300)}`);
    return;
  }
}

const rnd = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const corpus = readFileSync(path.resolve(root, 'test/fixtures/pii/public.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line).text);
const CHARS = [...'0123456789 -./()+@:abefxABDEFGLP_,#$\n', '\u00a0', 'é', 'ß', '中'];
const WORDS = ['tel ', 'phone: ', 'ssn ', 'SSN: ', 'order ', 'version ', 'v', 'call ', 'Nummer ', 'IBAN ', 'ip ', '#', '$', '€', '@example.com', '.com', '::', 'fe80::', 'ffff:', '00', '+49 ', '+1 ', '(0)', 'DE89', 'GB82', '4111', '123-45-6789', ':8080', 'mailto:', '中文'];
const TOKENS = [
  ['::', '::ffff:', '1', 'db8', 'fe80', '0', '.', '192.168.1.1', ':', 'abcd', 'g', ' ', 'x', '2001', '1.2.3.4', '12345', ':::', '%eth0', '[', '/64'],
  ['0', '1', '2', '4', '5', '7', '9', '00', '12', '123', '4111', '1111', '555', '(', ')', '+', ' ', '-', '.', '/', '\u00a0', '+1 ', '(0)', 'x', '#', ',', ':', '@'],
  ['a', 'b.', '@', '.', '-', '_', '+', '%', 'x.com', 'example', '.de', '..', '@@', 'é', '中', '1', 'xn--', '.co.uk', ' ', '<'],
  ['DE', 'GB', 'FR', '89', '82', '3704', '0044', '0532', '0130', '00', ' ', '-', 'A', 'Z', '9', '0', '1'],
  ['+', '00', '0', '(0)', '44', '49', '1', '20', '7946', '0958', '30', '1234', '(', ')', ' ', '-', '.', '/', 'tel ', 'order ', '33', '6', '12', '91', '39', '347', '415', '555', '2671', '0049 ', '98765', '43210'],
];
const b64 = (n) => Array.from({ length: n }, () => pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'])).join('');

for (const t of [b64(30000), '7'.repeat(10000), '1234 '.repeat(2000), 'a@'.repeat(5000), `${'.-'.repeat(2500)}${'-'.repeat(2500)}`, 'ab:'.repeat(3333), `${'a.'.repeat(5000)}@example.com`, 'DE89 '.repeat(2000), '+1 (2'.repeat(2000), '(0) '.repeat(2500), `${'f'.repeat(10000)} fe80::1:2`, '1:'.repeat(5000), '4111 1111 1111 1111, '.repeat(200), `${b64(5000)} jane@example.com`]) check(t);
for (const t of corpus) {
  for (const v of [t, t.toUpperCase(), t.toLowerCase(), `é${t}é`, `x${t}x`, t.replace(/ /g, '\u00a0'), t.replace(/ /g, ''), t.replace(/[.]/g, ' ')]) check(v);
}
for (const [k, t] of corpus.entries()) check(t + corpus[(k * 7 + 3) % corpus.length]);
for (let n = 0; n < 40000; n++) {
  let t = n % 3 === 0 ? pick(WORDS) : '';
  const tokens = TOKENS[n % TOKENS.length];
  for (let i = 1 + Math.floor(rnd() * 25); i > 0; i--) t += pick(tokens);
  check(t);
}
for (let n = 0; n < randomTexts; n++) {
  let t = '';
  if (n % 3 === 0) for (let i = 1 + Math.floor(rnd() * 60); i > 0; i--) t += pick(CHARS);
  else if (n % 3 === 1) for (let i = 1 + Math.floor(rnd() * 12); i > 0; i--) t += rnd() < 0.5 ? pick(WORDS) : pick(CHARS);
  else {
    t = pick(corpus);
    for (let m = 1 + Math.floor(rnd() * 4); m > 0; m--) {
      const p = Math.floor(rnd() * (t.length + 1));
      const r = rnd();
      t = r < 0.33 ? t.slice(0, p) + pick(CHARS) + t.slice(p) : r < 0.66 ? t.slice(0, p) + t.slice(p + 1) : t.slice(0, p) + pick(WORDS) + t.slice(p + 1);
    }
  }
  check(t);
}
console.log(`${checked} texts, ${bad} mismatches between ${base} and the working tree; findings per type: ${JSON.stringify(perType)}`);
process.exitCode = bad === 0 ? 0 : 1;
