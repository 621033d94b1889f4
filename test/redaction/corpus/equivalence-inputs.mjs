// The texts and redactor configurations on which two builds of the redaction engine must agree
// exactly (bench/redaction/equivalence.mjs: a git revision vs the working tree; npm test: the
// committed reference findings vs the working tree's WebAssembly). Deterministic for a seed: the
// generated corpus, mutations of it (case, separators, concatenations, cut-outs), texts built from
// PII-shaped tokens per detector, random strings, and long adversarial runs (several memory sizes).
import { generateCorpus } from './generate.mjs';
import { createRandom } from './random.mjs';

/** Configurations compared: every built-in type alone and together, custom detectors, the redact modes. */
export const EQUIVALENCE_CONFIGS = [
  {},
  { types: ['PHONE'] },
  { types: ['EMAIL', 'IBAN'] },
  { types: ['IPV4', 'IPV6'] },
  { types: ['CREDIT_CARD', 'US_SSN'] },
  {
    customDetectors: [
      { type: 'TICKET', pattern: /T-\d+|\d{3}/ },
      { type: 'FN', detect: (t) => [...t.matchAll(/e../g)].slice(0, 5).map((m) => ({ start: m.index, end: m.index + 3 })) },
    ],
  },
];
export const EQUIVALENCE_REDACT_CONFIGS = [{}, { mode: 'mask', modes: { EMAIL: 'hash' }, redactionKey: 'k' }];

const CHARS = [...'0123456789 -./()+@:abefxABDEFGLPZ_,#$\n', '\u00a0', 'é', 'ß', '中'];
const WORDS = ['tel ', 'phone: ', 'ssn ', 'SSN: ', 'order ', 'version ', 'v', 'call ', 'Nummer ', 'IBAN ', 'ip ', '#', '$', '€', '@example.com', '.com', '::', 'fe80::', 'ffff:', '00', '+49 ', '+1 ', '(0)', 'DE89', 'de89', 'GB82', '4111', '123-45-6789', ':8080', 'mailto:', '中文', 'tracking ', '1Z', 'ISBN ', 'n° ', '[PHONE] '];
const TOKENS = [
  ['::', '::ffff:', '1', 'db8', 'fe80', '0', '.', '192.168.1.1', ':', 'abcd', 'g', ' ', 'x', '2001', '1.2.3.4', '12345', ':::', '%eth0', '[', '/64'],
  ['0', '1', '2', '4', '5', '7', '9', '00', '12', '123', '4111', '1111', '555', '(', ')', '+', ' ', '-', '.', '/', '\u00a0', '+1 ', '(0)', 'x', '#', ',', ':', '@'],
  ['a', 'b.', '@', '.', '-', '_', '+', '%', 'x.com', 'example', '.de', '..', '@@', 'é', '中', '1', 'xn--', '.co.uk', ' ', '<'],
  ['DE', 'de', 'GB', 'FR', '89', '82', '3704', '0044', '0532', '0130', '00', ' ', '-', 'A', 'Z', '9', '0', '1'],
  ['+', '00', '0', '(0)', '44', '49', '1', '20', '7946', '0958', '30', '1234', '(', ')', ' ', '-', '.', '/', 'tel ', 'order ', '33', '6', '12', '91', '39', '347', '415', '555', '2671', '0049 ', '98765', '43210', '8 ', '0612345678', '9400 '],
];

/** The texts for `seed`: about `random + 25 * records` of them. */
export function equivalenceInputs({ seed = 1, records = 600, random = 6000 } = {}) {
  const r = createRandom(seed);
  const corpus = generateCorpus({ seed: seed + 1000, records }).map((record) => record.text);
  const b64 = (n) => Array.from({ length: n }, () => r.pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'])).join('');
  const texts = [
    b64(30000), '7'.repeat(10000), '1234 '.repeat(2000), 'a@'.repeat(5000), `${'.-'.repeat(2500)}${'-'.repeat(2500)}`, 'ab:'.repeat(3333),
    `${'a.'.repeat(5000)}@example.com`, 'DE89 '.repeat(2000), 'de89 '.repeat(2000), '+1 (2'.repeat(2000), '(0) '.repeat(2500), `${'f'.repeat(10000)} fe80::1:2`,
    '1:'.repeat(5000), '4111 1111 1111 1111, '.repeat(200), `${b64(5000)} jane@example.com`, `phone ${'22 34 56 78 '.repeat(3000)}`, '1Z 999 AA1 01 '.repeat(2000),
    // Long texts: the scanner's scratch areas grow past their first size.
    corpus.join('\n'), corpus.slice(0, 200).join(' ').repeat(8),
  ];
  for (const t of corpus) {
    texts.push(t, t.toUpperCase(), t.toLowerCase(), `é${t}é`, `x${t}x`, t.replace(/ /g, '\u00a0'), t.replace(/ /g, ''), t.replace(/[.]/g, ' '));
  }
  for (const [k, t] of corpus.entries()) texts.push(t + corpus[(k * 7 + 3) % corpus.length]);
  for (let n = 0; n < 12 * records; n++) {
    let t = n % 3 === 0 ? r.pick(WORDS) : '';
    const tokens = TOKENS[n % TOKENS.length];
    for (let i = r.int(1, 25); i > 0; i--) t += r.pick(tokens);
    texts.push(t);
  }
  for (let n = 0; n < random; n++) {
    let t = '';
    if (n % 3 === 0) for (let i = r.int(1, 60); i > 0; i--) t += r.pick(CHARS);
    else if (n % 3 === 1) for (let i = r.int(1, 12); i > 0; i--) t += r.chance(0.5) ? r.pick(WORDS) : r.pick(CHARS);
    else {
      t = r.pick(corpus);
      for (let m = r.int(1, 4); m > 0; m--) {
        const p = r.int(0, t.length);
        const x = r.next();
        t = x < 0.33 ? t.slice(0, p) + r.pick(CHARS) + t.slice(p) : x < 0.66 ? t.slice(0, p) + t.slice(p + 1) : t.slice(0, p) + r.pick(WORDS) + t.slice(p + 1);
      }
    }
    texts.push(t);
  }
  return texts;
}

/** One line per text: everything each configuration finds and redacts (what two builds must agree on). */
export function findingsOf(redactors, text) {
  return JSON.stringify([...redactors.detect.map((r) => r.detect(text)), ...redactors.redact.map((r) => r.redact(text))]);
}

/** The redactors of the configurations above, made with `createRedactor`. */
export function equivalenceRedactors(createRedactor) {
  return { detect: EQUIVALENCE_CONFIGS.map((o) => createRedactor(o)), redact: EQUIVALENCE_REDACT_CONFIGS.map((o) => createRedactor(o)) };
}
