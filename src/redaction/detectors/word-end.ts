import { codeAt, isDigit } from './chars.js';

// Skipping the rest of a word that a digit inside it started (a hash, base64, `v2`).

/** ASCII letters, digits and `_`. */
const WORD = new Uint8Array(128);
for (let c = 48; c <= 57; c++) WORD[c] = 1;
for (let c = 65; c <= 90; c++) WORD[c] = 1;
for (let c = 97; c <= 122; c++) WORD[c] = 1;
WORD[95] = 1;

/** Word characters read one by one before the rest of a long word is skipped with `WORD_REST`. */
const WORD_CHARS_BEFORE_JUMP = 16;

/**
 * The rest of a word: irregexp runs a greedy `\w*` several times faster per character than a
 * `charCodeAt` loop (about 0.8 ns against 5), which pays for its call on long tokens (base64, hashes).
 */
const WORD_REST = /\w*/y;

/** The end of the run of ASCII letters, digits and `_` (exactly `\w`) that continues at `i + 1`. */
export function wordEnd(text: string, i: number): number {
  let k = i + 1;
  const stop = k + WORD_CHARS_BEFORE_JUMP;
  let c = codeAt(text, k);
  while (c < 128 && WORD[c] !== 0) {
    if (++k === stop) {
      WORD_REST.lastIndex = k;
      WORD_REST.test(text);
      return WORD_REST.lastIndex;
    }
    c = codeAt(text, k);
  }
  return k;
}

/** The start of the digit group that ends at `end`. */
export function groupStart(text: string, end: number): number {
  let k = end - 1;
  while (isDigit(text.charCodeAt(k - 1))) k--;
  return k;
}
