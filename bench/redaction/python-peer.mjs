#!/usr/bin/env node
// Ours beside the PII stripping of the Python `ai-audit-trail` package (PyPI, `ai_audit.pii`), on
// the same texts in one run: precision, recall and MB per CPU-second for each type it supports
// (EMAIL, PHONE, IP = IPv4, IBAN, CREDIT_CARD), one type enabled at a time on both sides. Texts:
// the public PII corpus (test/fixtures/pii/public.jsonl) and the project's own generated corpus.
// The package is installed on first use into bench/redaction/.venv (git-ignored), pinned.
//
//   node bench/redaction/python-peer.mjs [--passes 5]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../../scripts/pii-adapter.mjs';
import { generateCorpus } from '../../test/redaction/corpus/generate.mjs';
import { precision, recall, scoreCorpus } from '../../test/redaction/corpus/score.mjs';
import { arg, median } from '../lib/stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const PACKAGE = 'ai-audit-trail==0.4.7';
const venv = path.join(here, '.venv');
const python = path.join(venv, 'bin', 'python');
const passes = Number(arg('--passes', 5));

/** Their type name → ours. */
const TYPES = { EMAIL: 'EMAIL', PHONE: 'PHONE', IP: 'IPV4', IBAN: 'IBAN', CREDIT_CARD: 'CREDIT_CARD' };

function ensureVenv() {
  if (existsSync(python)) return;
  console.log(`installing ${PACKAGE} into ${path.relative(root, venv)} …`);
  const made = spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  if (made.status !== 0) throw new Error(`could not create the venv: run  python3 -m venv ${venv} && ${python} -m pip install ${PACKAGE}`);
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', PACKAGE], { stdio: 'inherit' });
}

function runPython(texts) {
  const out = execFileSync(python, [path.join(here, 'ai_audit_trail_peer.py')], {
    input: JSON.stringify({ texts, types: Object.keys(TYPES), passes }),
    maxBuffer: 1 << 30,
  });
  return JSON.parse(out.toString());
}

const bytes = (texts) => texts.reduce((sum, t) => sum + Buffer.byteLength(t, 'utf8'), 0);

/** P and R of `spansOf(recordIndex)` for type `type` on `records` (the corpus scorer's matching rule). */
function scoreType(records, type, spansOf) {
  const only = records.map((r) => ({ ...r, entities: r.entities.filter((e) => e.type === type) }));
  const index = new Map(only.map((r, k) => [r.text, k]));
  const score = scoreCorpus(only, (text) => spansOf(index.get(text)));
  const tally = score.byType[type] ?? { gold: 0, tp: 0, fp: 0 };
  const negatives = Object.values(score.negatives).reduce((s, n) => s + n.hit, 0);
  return { p: precision(tally), r: recall(tally), gold: tally.gold, hardNegativesHit: negatives };
}

function oursPerType(engine, texts, type) {
  const redactor = engine.createRedactor({ types: [type] });
  const spans = texts.map((t) => redactor.detect(t));
  for (let w = 0; w < 2; w++) for (const t of texts) redactor.redact(t);
  const seconds = [];
  for (let p = 0; p < passes; p++) {
    const t0 = process.cpuUsage();
    for (const t of texts) redactor.redact(t);
    const dt = process.cpuUsage(t0);
    seconds.push((dt.user + dt.system) / 1e6);
  }
  return { spans, seconds: median(seconds) };
}

ensureVenv();
const engine = await loadEngine();
const publicRecords = readFileSync(path.join(root, 'test/fixtures/pii/public.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));
const corpora = [
  ['public corpus', publicRecords],
  ['own corpus', generateCorpus({ seed: 22, records: 3000 })],
];

const cell = (x) => (x === undefined ? '-' : x.toFixed(3)).padStart(7);
console.log(`node ${process.version}; ${PACKAGE}; ${passes} passes each, median; MB = 1e6 UTF-8 bytes per CPU-second; one type enabled at a time`);
for (const [label, records] of corpora) {
  const texts = records.map((r) => r.text);
  const theirs = runPython(texts);
  const mb = bytes(texts) / 1e6;
  console.log(`\n${label}: ${texts.length} texts, ${(mb * 1000).toFixed(0)} KB (ai-audit-trail ${theirs.version})`);
  console.log(`${'type'.padEnd(13)}${'gold'.padStart(6)} | ${'ours P'.padStart(7)}${'R'.padStart(7)}${'MB/s'.padStart(9)} | ${'theirs P'.padStart(9)}${'R'.padStart(7)}${'MB/s'.padStart(9)} | HN hit ours/theirs`);
  for (const [name, type] of Object.entries(TYPES)) {
    const mine = oursPerType(engine, texts, type);
    const peer = theirs.types[name];
    if (peer.selfCheck !== 0) console.log(`  (${name}: ${peer.selfCheck} texts where the spans do not rebuild obfuscate_text's output)`);
    const a = scoreType(records, type, (k) => mine.spans[k]);
    const b = scoreType(records, type, (k) => peer.spans[k].map(([start, end]) => ({ start, end, type })));
    console.log(
      `${`${name}${name === type ? '' : `→${type}`}`.padEnd(13)}${String(a.gold).padStart(6)} | ${cell(a.p)}${cell(a.r)}${(mb / mine.seconds).toFixed(1).padStart(9)} | ${cell(b.p).padStart(9)}${cell(b.r)}${(mb / peer.median).toFixed(1).padStart(9)} | ${a.hardNegativesHit}/${b.hardNegativesHit}`,
    );
  }
}
