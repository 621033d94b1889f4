#!/usr/bin/env node
// Precision and recall of the redactor on the project's own generated corpus
// (test/redaction/corpus/), per type, per format and per hard-negative kind; with `--base <rev>`,
// the same table for that git revision first (before/after on the same records, in one run).
//
//   node bench/redaction/own-corpus.mjs [--seed 22] [--records 3000] [--base <rev>]
import { loadEngine } from '../../scripts/pii-adapter.mjs';
import { generateCorpus } from '../../test/redaction/corpus/generate.mjs';
import { formatScore, scoreCorpus } from '../../test/redaction/corpus/score.mjs';
import { arg } from '../lib/stats.mjs';
import { loadRevision } from './load-revision.mjs';

const records = generateCorpus({ seed: Number(arg('--seed', 22)), records: Number(arg('--records', 3000)) });
const base = arg('--base', '');
if (base) {
  const before = (await loadRevision(base)).createRedactor();
  console.log(`== ${base}\n${formatScore(scoreCorpus(records, (text) => before.detect(text)))}\n\n== working tree`);
}
const redactor = (await loadEngine()).createRedactor();
console.log(formatScore(scoreCorpus(records, (text) => redactor.detect(text))));
