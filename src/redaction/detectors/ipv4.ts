import type { Detector, PiiSpan } from '../types.js';
import { isDigit, isWordChar } from './chars.js';

// Fixed width (at most 15 characters per attempt): linear whatever the input.
const DOTTED_QUAD = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/g;

/** Words that introduce a version or build number, which is often a dotted quad too. */
const VERSION_WORDS = new Set(['version', 'ver', 'v', 'build', 'release', 'rev', 'revision', 'firmware', 'fw', 'python', 'node', 'sdk', 'release', 'version:', 'build:']);

function isOctet(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length > 1 && text.charCodeAt(start) === 48) return false; // leading zeros: not how addresses are written
  return length < 3 || Number(text.slice(start, end)) <= 255;
}

function precededByVersionWord(text: string, start: number): boolean {
  let i = start;
  while (i > 0 && text.charCodeAt(i - 1) === 32) i--;
  const wordEnd = i;
  while (i > 0 && wordEnd - i < 12 && isWordChar(text.charCodeAt(i - 1))) i--;
  return wordEnd > i && VERSION_WORDS.has(text.slice(i, wordEnd).toLowerCase());
}

function findIpv4(text: string, out: PiiSpan[]): void {
  DOTTED_QUAD.lastIndex = 0;
  for (let m = DOTTED_QUAD.exec(text); m !== null; m = DOTTED_QUAD.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = text.charCodeAt(start - 1);
    const after = text.charCodeAt(end);
    // Part of a longer number, word, OID or version (`v1.2.3.4`, `1.2.3.4.5`): not an address.
    if (isWordChar(before) || before === 46 || isWordChar(after)) continue;
    if (after === 46 && isDigit(text.charCodeAt(end + 1))) {
      // Skip the whole dotted run so its tail is not re-matched.
      let i = end;
      while (i < text.length && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 46)) i++;
      DOTTED_QUAD.lastIndex = i;
      continue;
    }
    let ok = true;
    let octetStart = start;
    for (let i = start; i <= end && ok; i++) {
      if (i === end || text.charCodeAt(i) === 46) {
        ok = isOctet(text, octetStart, i);
        octetStart = i + 1;
      }
    }
    if (!ok || precededByVersionWord(text, start)) continue;
    out.push({ start, end, type: 'IPV4' });
  }
}

export const ipv4Detector: Detector = { type: 'IPV4', find: findIpv4 };
