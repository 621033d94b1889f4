#!/usr/bin/env node
// Differential check of the redaction engine: a git revision and the working tree must find exactly
// the same spans and give the same redact() output in every configuration, on the texts of
// test/redaction/corpus/equivalence-inputs.mjs (for performance work: a change that should not
// change findings). With --write-reference it instead records the working tree's findings as the
// reference npm test checks the WebAssembly against (test/redaction/scan-reference.test.ts): run it
// after a change that is meant to change findings, and say so in the commit.
//
//   node bench/redaction/equivalence.mjs [--base HEAD~1] [--seed 1] [--random 20000]
//   node bench/redaction/equivalence.mjs --write-reference
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadEngine } from '../../scripts/pii-adapter.mjs';
import { equivalenceInputs, equivalenceRedactors, findingsOf } from '../../test/redaction/corpus/equivalence-inputs.mjs';
import { REFERENCE_CHUNK, REFERENCE_FILE, REFERENCE_INPUTS } from '../../test/redaction/corpus/scan-reference.mjs';
import { arg } from '../lib/stats.mjs';
import { loadRevision } from './load-revision.mjs';

const B = equivalenceRedactors((await loadEngine()).createRedactor);

if (process.argv.includes('--write-reference')) {
  const texts = equivalenceInputs(REFERENCE_INPUTS);
  const digests = [];
  for (let k = 0; k < texts.length; k += REFERENCE_CHUNK) {
    const hash = createHash('sha256');
    for (const text of texts.slice(k, k + REFERENCE_CHUNK)) hash.update(`${findingsOf(B, text)}\n`);
    digests.push(hash.digest('hex').slice(0, 16));
  }
  writeFileSync(REFERENCE_FILE, `${JSON.stringify({ inputs: REFERENCE_INPUTS, texts: texts.length, chunk: REFERENCE_CHUNK, digests }, null, 1)}\n`);
  console.log(`wrote ${digests.length} chunk digests over ${texts.length} texts to ${REFERENCE_FILE.pathname}`);
  process.exit(0);
}

const base = arg('--base', 'HEAD~1');
const texts = equivalenceInputs({ seed: Number(arg('--seed', 1)), random: Number(arg('--random', 20000)) });
const A = equivalenceRedactors((await loadRevision(base)).createRedactor);
let bad = 0;
const perType = {};
for (const text of texts) {
  for (const span of A.detect[0].detect(text)) perType[span.type] = (perType[span.type] ?? 0) + 1;
  const [sa, sb] = [findingsOf(A, text), findingsOf(B, text)];
  if (sa !== sb && bad++ < 10) console.log(`MISMATCH ${JSON.stringify(text).slice(0, 300)}\n  ${base}: ${sa.slice(0, 400)}\n  tree: ${sb.slice(0, 400)}`);
}
console.log(`${texts.length} texts, ${bad} mismatches between ${base} and the working tree; findings per type: ${JSON.stringify(perType)}`);
process.exitCode = bad === 0 ? 0 : 1;
