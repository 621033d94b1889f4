import { contextBefore } from './chars.js';
import { contextWords, hasContextWord } from './context-words.js';
import type { NumericRun } from './numeric-run.js';
import { canEndAt, groupLength, SEP_DASH, SEP_SINGLE, SEP_SPACE } from './numeric-run.js';

/** Words that say the number that follows is a US social security number. */
const SSN_WORDS = contextWords(['ssn', 'ssns', 'social security', 'soc sec', 'soc. sec', 'ss#', 'ss #', 'ss no', 'taxpayer id', 'sozialversicherungsnummer']);

/**
 * SSA rules: area 001-899 except 666, group 01-99, serial 0001-9999 (areas 900-999 are ITINs, never
 * SSNs).
 */
export function isSsnValid(area: number, group: number, serial: number): boolean {
  return area > 0 && area < 900 && area !== 666 && group > 0 && serial > 0;
}

/** The value of the decimal digits text[from, to) (no substring, no parse). */
function decimalValue(text: string, from: number, to: number): number {
  let value = 0;
  for (let k = from; k < to; k++) value = value * 10 + text.charCodeAt(k) - 48;
  return value;
}

/** Whether a social-security word appears within 48 characters before `index`. */
export function hasSsnContext(text: string, index: number): boolean {
  return hasContextWord(contextBefore(text, index, 48), SSN_WORDS);
}

/**
 * The last group index of a social security number starting at group `i`, or -1. The first test (a
 * group of 3 or 9 digits; most groups fail it) is kept apart so that it is inlined.
 */
export function matchSsn(run: NumericRun, i: number): number {
  const first = groupLength(run, i);
  return first === 3 || first === 9 ? matchSsnFrom(run, i) : -1;
}

/**
 * `matchSsn` past its first test: `123-45-6789` anywhere; `123 45 6789` and `123456789` only after a social-security word.
 */
function matchSsnFrom(run: NumericRun, i: number): number {
  if (i === 0 && run.plus) return -1;
  const first = groupLength(run, i);
  if (first === 9) {
    if (!canEndAt(run, i)) return -1;
    const g = run.gs[i]!;
    const valid = isSsnValid(decimalValue(run.text, g, g + 3), decimalValue(run.text, g + 3, g + 5), decimalValue(run.text, g + 5, g + 9));
    return valid && hasSsnContext(run.text, g) ? i : -1;
  }
  if (first !== 3 || i + 2 >= run.n || groupLength(run, i + 1) !== 2 || groupLength(run, i + 2) !== 4) return -1;
  if (!canEndAt(run, i + 2)) return -1;
  const s1 = run.sep[i + 1]!;
  if (run.sep[i + 2] !== s1) return -1;
  const dashed = s1 === (SEP_SINGLE | SEP_DASH);
  if (!dashed && !(s1 === (SEP_SINGLE | SEP_SPACE) && hasSsnContext(run.text, run.gs[i]!))) return -1;
  const area = decimalValue(run.text, run.gs[i]!, run.ge[i]!);
  return isSsnValid(area, decimalValue(run.text, run.gs[i + 1]!, run.ge[i + 1]!), decimalValue(run.text, run.gs[i + 2]!, run.ge[i + 2]!)) ? i + 2 : -1;
}
