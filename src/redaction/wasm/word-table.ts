import {
  FILLER_LIST,
  IDENTIFIER_WORD_LIST,
  PHONE_WORD_LIST,
  SSN_WORD_LIST,
  TRACKING_WORD_LIST,
  VERSION_WORD_LIST,
} from '../detectors/context.js';

/** The lists in the order of the list numbers of `assembly/context-words.ts`. */
const WORD_LISTS: readonly (readonly string[])[] = [
  PHONE_WORD_LIST,
  TRACKING_WORD_LIST,
  SSN_WORD_LIST,
  IDENTIFIER_WORD_LIST,
  FILLER_LIST,
  VERSION_WORD_LIST,
];

const isLatin1 = (word: string): boolean => /^[\x01-\xff]+$/.test(word);

/**
 * The context-word lists laid out for `assembly/context-words.ts`: per list 256 u16 offsets by first
 * character, then each first character's words as `[length][bytes]` entries (one byte per Latin-1
 * character) ended by a 0. Only the Latin-1 words: the module answers only for Latin-1 text, which
 * no other word can match.
 */
export function buildWordTable(): Uint8Array {
  const bytes: number[] = new Array(WORD_LISTS.length * 512).fill(0);
  WORD_LISTS.forEach((list, n) => {
    const byFirst = new Map<number, string[]>();
    for (const word of new Set(list)) {
      if (word.length > 255 || word !== word.toLowerCase() || !isLatin1(word)) continue;
      const first = word.charCodeAt(0);
      byFirst.set(first, [...(byFirst.get(first) ?? []), word]);
    }
    for (const [first, words] of byFirst) {
      const offset = bytes.length;
      bytes[n * 512 + first * 2] = offset & 0xff;
      bytes[n * 512 + first * 2 + 1] = offset >> 8;
      for (const word of words) bytes.push(word.length, ...[...word].map((c) => c.charCodeAt(0)));
      bytes.push(0);
    }
  });
  if (bytes.length > 0xffff) throw new Error('context-word table too large');
  return Uint8Array.from(bytes);
}
