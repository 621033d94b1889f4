import type { NumericRun } from './numeric-run.js';
import { groupLength, SEP_DOT, SEP_SINGLE } from './numeric-run.js';
import { isWordChar } from './chars.js';

/** Words that introduce a version or build number, which is often a dotted quad too. */
const VERSION_WORDS = new Set(['version', 'ver', 'v', 'build', 'release', 'rev', 'revision', 'firmware', 'fw', 'python', 'node', 'sdk']);

const DOT = SEP_SINGLE | SEP_DOT;

function isOctet(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length > 3) return false;
  if (length > 1 && text.charCodeAt(start) === 48) return false; // leading zeros: not how addresses are written
  if (length < 3) return true;
  const value = (text.charCodeAt(start) - 48) * 100 + (text.charCodeAt(start + 1) - 48) * 10 + text.charCodeAt(start + 2) - 48;
  return value <= 255;
}

function precededByVersionWord(text: string, start: number): boolean {
  let i = start;
  while (i > 0 && text.charCodeAt(i - 1) === 32) i--;
  const wordEnd = i;
  while (i > 0 && wordEnd - i < 12 && isWordChar(text.charCodeAt(i - 1))) i--;
  return wordEnd > i && VERSION_WORDS.has(text.slice(i, wordEnd).toLowerCase());
}

/**
 * The last group of a dotted-quad IPv4 address starting at group `i`, or -1. The first test (most
 * groups fail it) is kept apart so that it is inlined into the numeric-run loop.
 */
export function matchIpv4(run: NumericRun, i: number): number {
  return i + 3 < run.n && run.sep[i + 1] === DOT ? matchIpv4From(run, i) : -1;
}

/**
 * `matchIpv4` past its first test. Part of a longer dotted sequence (an OID, `1.2.3.4.5`) or after a version word, it is not an address.
 */
function matchIpv4From(run: NumericRun, i: number): number {
  const j = i + 3;
  if (j >= run.n || (i === 0 && run.plus)) return -1;
  if (i > 0 && (run.sep[i]! & SEP_DOT) !== 0) return -1;
  if (run.sep[i + 1] !== DOT || run.sep[i + 2] !== DOT || run.sep[j] !== DOT) return -1;
  if (j === run.n - 1 ? run.gluedRight : run.sep[j + 1] === DOT) return -1;
  const text = run.text;
  for (let k = i; k <= j; k++) if (!isOctet(text, run.gs[k]!, run.ge[k]!)) return -1;
  if (groupLength(run, i) === 0 || precededByVersionWord(text, run.gs[i]!)) return -1;
  return j;
}
