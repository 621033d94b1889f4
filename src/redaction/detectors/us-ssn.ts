import { contextBefore, hasContextWord } from './chars.js';
import type { NumericRun } from './numeric-run.js';
import { canEndAt, digitsOf, sepBefore } from './numeric-run.js';

/** Words that say the number that follows is a US social security number. */
const SSN_WORDS = ['ssn', 'ssns', 'social security', 'soc sec', 'soc. sec', 'ss#', 'ss #', 'ss no', 'taxpayer id', 'sozialversicherungsnummer'];

/**
 * SSA rules: area 001-899 except 666, group 01-99, serial 0001-9999 (areas 900-999 are ITINs, never
 * SSNs).
 */
export function isSsnValid(area: number, group: number, serial: number): boolean {
  return area > 0 && area < 900 && area !== 666 && group > 0 && serial > 0;
}

/** Whether a social-security word appears within 48 characters before `index`. */
export function hasSsnContext(text: string, index: number): boolean {
  return hasContextWord(contextBefore(text, index, 48), SSN_WORDS);
}

/**
 * The last group index of a social security number starting at group `i`, or -1: `123-45-6789`
 * anywhere; `123 45 6789` and `123456789` only after a social-security word.
 */
export function matchSsn(run: NumericRun, i: number): number {
  if (i === 0 && run.plus) return -1;
  const len = (k: number) => run.ge[k]! - run.gs[k]!;
  const n = run.gs.length;
  if (len(i) === 9 && canEndAt(run, i)) {
    const d = digitsOf(run, i, i);
    if (isSsnValid(+d.slice(0, 3), +d.slice(3, 5), +d.slice(5)) && hasSsnContext(run.text, run.gs[i]!)) return i;
    return -1;
  }
  if (i + 2 >= n || len(i) !== 3 || len(i + 1) !== 2 || len(i + 2) !== 4 || !canEndAt(run, i + 2)) return -1;
  const s1 = sepBefore(run, i + 1);
  const s2 = sepBefore(run, i + 2);
  if (s1 !== s2) return -1;
  const dashed = s1 === '-';
  if (!dashed && !((s1 === ' ' || s1 === '\u00a0') && hasSsnContext(run.text, run.gs[i]!))) return -1;
  const d = digitsOf(run, i, i + 2);
  return isSsnValid(+d.slice(0, 3), +d.slice(3, 5), +d.slice(5)) ? i + 2 : -1;
}
