import { isWordChar } from './chars.js';

/**
 * Context words (`phone`, `ssn`, …) as one global regex of literal alternatives: one irregexp pass
 * over the context instead of one `indexOf` per word.
 */
export function contextWords(words: readonly string[]): RegExp {
  return new RegExp(words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}

/**
 * Whether the lower-cased `context` contains one of the words starting at a word boundary (a word
 * may continue on its right: `numbers` counts as `number`), not after `[` (a placeholder such as
 * `[PHONE:1a2b…]`). Every position where some word starts is checked, so the result does not
 * depend on the order of the words.
 */
export function hasContextWord(context: string, words: RegExp): boolean {
  words.lastIndex = 0;
  for (let m = words.exec(context); m !== null; m = words.exec(context)) {
    const before = m.index === 0 ? Number.NaN : context.charCodeAt(m.index - 1);
    // `[PHONE:…]` is this library's own placeholder, not a word someone wrote: redacting twice gives the same text.
    if (!isWordChar(before) && before !== 91) return true;
    words.lastIndex = m.index + 1;
  }
  return false;
}
