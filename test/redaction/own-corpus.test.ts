import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redaction/index.js';
// @ts-expect-error -- plain .mjs modules without declarations
import { generateCorpus } from './corpus/generate.mjs';
// @ts-expect-error -- plain .mjs modules without declarations
import { formatScore, precision, recall, scoreCorpus } from './corpus/score.mjs';

// The redactor on the project's own generated corpus (test/redaction/corpus/: numbering plans,
// ISO 13616, carriers' check digits; never a corpus it is judged on) must stay at or above the
// committed floors per type, per format and per hard-negative kind. `node
// bench/redaction/own-corpus.mjs` prints the whole table.
interface Tally {
  gold: number;
  tp: number;
  fp: number;
}
interface Score {
  byType: Record<string, Tally>;
  byFormat: Record<string, Tally>;
  negatives: Record<string, { total: number; hit: number }>;
}
const thresholds = JSON.parse(readFileSync(new URL('./corpus/thresholds.json', import.meta.url), 'utf8'));
const redactor = createRedactor();
const score: Score = scoreCorpus(generateCorpus({ seed: thresholds.seed, records: thresholds.records }), (text: string) => redactor.detect(text));
const report = formatScore(score);

describe('own generated corpus', () => {
  it.each(Object.entries(thresholds.byType) as [string, { precision: number; recall: number }][])('%s precision and recall stay at their floors', (type, floor) => {
    const tally = score.byType[type]!;
    expect(tally.gold, `no ${type} in the corpus`).toBeGreaterThan(50);
    expect(precision(tally), report).toBeGreaterThanOrEqual(floor.precision);
    expect(recall(tally), report).toBeGreaterThanOrEqual(floor.recall);
  });

  it('every format keeps its recall', () => {
    const { minGold, floor } = thresholds.formatRecall;
    const low = Object.entries(score.byFormat)
      .filter(([, t]) => t.gold >= minGold && recall(t) < floor)
      .map(([format, t]) => `${format} ${t.tp}/${t.gold}`);
    expect(low).toEqual([]);
  });

  it('hard negatives (tracking numbers, ISBNs, timestamps, versions, order numbers) stay untouched', () => {
    const kinds = new Set(Object.keys(score.negatives).map((k) => k.split('/')[0]));
    expect([...kinds].sort()).toEqual(['ISBN', 'ORDER', 'TIMESTAMP', 'TRACKING', 'VERSION']);
    const hit = Object.entries(score.negatives)
      .filter(([, n]) => n.hit / n.total > thresholds.negativeHitRate.max)
      .map(([kind, n]) => `${kind} ${n.hit}/${n.total}`);
    expect(hit).toEqual([]);
  });
});
