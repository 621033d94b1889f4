// The project's own labelled redaction corpus, generated from the specifications in
// `phone-plans.mjs` and `values.mjs` with a fixed seed: the same records on every machine, and no
// record derived from any corpus the redactor is judged on. Each record: `{ id, text, entities:
// [{ start, end, type, value, format }], negatives: [{ start, end, kind, value, format }] }`, the
// shape of the public scorer's corpora.
//
//   node test/redaction/corpus/generate.mjs [--seed 22] [--records 3000] > corpus.jsonl
import { fileURLToPath } from 'node:url';
import { PHONE_PLANS, phoneNumber } from './phone-plans.mjs';
import { createRandom } from './random.mjs';
import { CONTEXTS } from './templates.mjs';
import { card, email, iban, ipv4, ipv6, isbn, orderNumber, ssn, timestamp, tracking, version } from './values.mjs';

/** Value makers by label; PII types first, then the hard-negative kinds. */
const ENTITY_MAKERS = {
  PHONE: (r) => phoneNumber(r, r.pick(PHONE_PLANS)),
  IBAN: iban,
  EMAIL: email,
  IPV4: ipv4,
  IPV6: ipv6,
  CREDIT_CARD: card,
  US_SSN: ssn,
};
const NEGATIVE_MAKERS = { TRACKING: tracking, ISBN: isbn, TIMESTAMP: timestamp, VERSION: version, ORDER: orderNumber };

/** How often each label is drawn: phones and IBANs (the formats this corpus is about) most. */
const ENTITY_WEIGHTS = [['PHONE', 10], ['IBAN', 5], ['EMAIL', 1], ['IPV4', 1], ['IPV6', 1], ['CREDIT_CARD', 1], ['US_SSN', 1]];
const NEGATIVE_WEIGHTS = [['TRACKING', 6], ['ORDER', 4], ['TIMESTAMP', 3], ['ISBN', 2], ['VERSION', 2]];

function weighted(r, weights) {
  const total = weights.reduce((s, [, w]) => s + w, 0);
  let x = r.next() * total;
  for (const [label, w] of weights) {
    x -= w;
    if (x < 0) return label;
  }
  return weights[0][0];
}

/** `records` records from `seed`. */
export function generateCorpus({ seed = 22, records = 3000 } = {}) {
  const r = createRandom(seed);
  const out = [];
  for (let n = 0; n < records; n++) {
    let text = '';
    const entities = [];
    const negatives = [];
    const sentences = r.int(1, 3);
    for (let s = 0; s < sentences; s++) {
      if (text) text += r.pick([' ', ' ', '\n', ' | ']);
      const negative = r.chance(0.45);
      const label = negative ? weighted(r, NEGATIVE_WEIGHTS) : weighted(r, ENTITY_WEIGHTS);
      const made = negative ? NEGATIVE_MAKERS[label](r) : ENTITY_MAKERS[label](r);
      const [before, after] = r.pick(CONTEXTS[label]).replaceAll('{carrier}', made.carrier ?? '').split('{}');
      const start = text.length + before.length + (made.before ?? '').length;
      text += before + (made.before ?? '') + made.value + (made.after ?? '') + after;
      const span = { start, end: start + made.value.length, value: made.value, format: made.format };
      if (negative) negatives.push({ ...span, type: 'NONE', kind: made.kind });
      else entities.push({ ...span, type: label });
    }
    out.push({ id: `own-${String(n + 1).padStart(4, '0')}`, text, entities, negatives });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const k = process.argv.indexOf(name);
    return k === -1 ? fallback : Number(process.argv[k + 1]);
  };
  for (const record of generateCorpus({ seed: arg('--seed', 22), records: arg('--records', 3000) })) {
    process.stdout.write(`${JSON.stringify(record)}\n`);
  }
}
