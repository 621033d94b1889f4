import type { BuiltinPiiType, PiiSpan } from '../types.js';
import { codeAt, isDigit, isHexDigit } from './chars.js';
import { atChainEnd, matchEmailAt, mayStartEmailAt } from './email.js';
import { matchIbanAt } from './iban.js';
import { matchIpv6At } from './ipv6.js';
import type { NumericTypes } from './numeric.js';
import { findInNumericRun } from './numeric.js';
import { readNumericRun } from './numeric-run.js';
import { triggerPattern } from './trigger-pattern.js';
import { groupStart, wordEnd } from './word-end.js';

export const BUILTIN_TYPES: readonly BuiltinPiiType[] = ['EMAIL', 'PHONE', 'IPV4', 'IPV6', 'IBAN', 'CREDIT_CARD', 'US_SSN'];

/**
 * Scans `text` and appends every finding to `out` in the order found. The findings may overlap (an
 * address's local part scanned back over a phone number): `resolveScan` settles that.
 */
export type Scanner = (text: string, out: PiiSpan[]) => void;

const NONE = 0;
const DIGIT = 1;
const OPENER = 2; // + (
const AT = 3;
const COLON = 4;

const TRIGGER = new Uint8Array(128);
for (let c = 48; c <= 57; c++) TRIGGER[c] = DIGIT;
TRIGGER[43] = OPENER;
TRIGGER[40] = OPENER;
TRIGGER[64] = AT;
TRIGGER[58] = COLON;

/**
 * Quiet characters read one by one before the rest of a gap is skipped with `triggerPattern`: a
 * table lookup per character is cheapest between nearby triggers (digit-dense text), one regex call
 * (fixed cost, then far faster per character) over longer gaps.
 */
const QUIET_BEFORE_JUMP = 8;

function isAsciiLetterOrUnderscore(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isCapital(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** Separators a numeric run may continue with (see `readNumericRun`). */
function isRunSeparator(c: number): boolean {
  return c === 32 || c === 45 || c === 46 || c === 47 || c === 40 || c === 41 || c === 160;
}

/**
 * One left-to-right pass over the text for all built-in types. Digits, `@`, `:` and `+`/`(` hand
 * over to the detectors, each of which reads a bounded neighbourhood or consumes what it reads; an
 * IBAN is tried at the digit after its two capital letters. Other characters are skipped with one
 * table lookup, longer gaps with one regex call. Linear time.
 */
export function createScanner(types: readonly BuiltinPiiType[]): Scanner {
  const enabled = new Set<string>(types);
  const email = enabled.has('EMAIL');
  const iban = enabled.has('IBAN');
  const ipv6 = enabled.has('IPV6');
  const numericTypes: NumericTypes = {
    ipv4: enabled.has('IPV4'),
    card: enabled.has('CREDIT_CARD'),
    ssn: enabled.has('US_SSN'),
    phone: enabled.has('PHONE'),
  };
  const numeric = numericTypes.ipv4 || numericTypes.card || numericTypes.ssn || numericTypes.phone;
  const triggers = triggerPattern({ digits: numeric || iban, openers: numeric, at: email, colon: ipv6 });
  const found = { start: 0 };

  let target: PiiSpan[] = [];
  const visit = (run: Parameters<typeof findInNumericRun>[0]) => findInNumericRun(run, numericTypes, target);

  return (text, out) => {
    if (triggers === undefined) return;
    target = out;
    const length = text.length;
    let emailEnd = 0;
    let ipv6Checked = 0;
    let quiet = 0;
    // Where scanning resumed after a detector consumed text: nothing before it starts a finding.
    let floor = 0;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      const trigger = c < 128 ? TRIGGER[c]! : NONE;
      if (trigger === NONE) {
        if (++quiet < QUIET_BEFORE_JUMP) continue;
        triggers.lastIndex = i + 1;
        if (!triggers.test(text)) return;
        i = triggers.lastIndex - 2;
        quiet = 0;
        continue;
      }
      quiet = 0;
      const from = i;
      switch (trigger) {
        case DIGIT: {
          // `DE89 3704 …`: the IBAN starts two capitals back (at a digit, not at every capital letter).
          if (
            iban &&
            i - 2 >= floor &&
            isCapital(text.charCodeAt(i - 1)) &&
            isCapital(text.charCodeAt(i - 2)) &&
            isDigit(codeAt(text, i + 1))
          ) {
            const end = matchIbanAt(text, i - 2);
            if (end !== -1) {
              out.push({ start: i - 2, end, type: 'IBAN' });
              i = end - 1;
              break;
            }
          }
          if (!numeric) break;
          // Digits inside a word (hashes, base64, `v2`): only a digit group that ends the word and is
          // followed by a separator may start a run worth reading (`PL26 5399 …`); the rest of the
          // word holds no trigger, so it is skipped in one tight loop.
          if (isAsciiLetterOrUnderscore(codeAt(text, i - 1))) {
            const end = wordEnd(text, i);
            if (!isDigit(text.charCodeAt(end - 1)) || !isRunSeparator(codeAt(text, end))) {
              i = end - 1;
              break;
            }
            i = groupStart(text, end);
          }
          i = readNumericRun(text, i, visit) - 1;
          break;
        }
        case OPENER:
          if (numeric && isDigit(codeAt(text, i + 1))) i = readNumericRun(text, i, visit) - 1;
          break;
        case AT:
          if (!email) break;
          if (mayStartEmailAt(text, i)) {
            const end = matchEmailAt(text, i, emailEnd, found);
            if (end !== -1) {
              out.push({ start: found.start, end, type: 'EMAIL' });
              emailEnd = end;
              i = end - 1;
              break;
            }
          }
          // `a@a@a@…`: the rest of the chain is rejected too.
          if (codeAt(text, i + 2) === 64) i = atChainEnd(text, i) - 1;
          break;
        case COLON:
          // A colon inside the last candidate that failed (`08:30:45`) gives the same candidate or a
          // clipped one, which fails too: not read again.
          if (ipv6 && i >= ipv6Checked && (isHexDigit(codeAt(text, i + 1)) || codeAt(text, i + 1) === 58)) {
            const before = out.length;
            const resume = matchIpv6At(text, i, out);
            ipv6Checked = resume;
            // After a failed candidate digits right of the colon still get their own look (`Tel:0612…`).
            if (out.length > before || resume - i > 48) i = resume - 1;
          }
          break;
      }
      if (i !== from) floor = i + 1;
    }
  };
}
