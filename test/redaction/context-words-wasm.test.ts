import { describe, expect, it } from 'vitest';
import {
  FILLER_LIST,
  IDENTIFIER_WORD_LIST,
  PHONE_WORD_LIST,
  SSN_WORD_LIST,
  TRACKING_WORD_LIST,
  VERSION_WORD_LIST,
} from '../../src/redaction/detectors/context.js';
import { createRedactor } from '../../src/redaction/index.js';
import { buildWordTable } from '../../src/redaction/wasm/word-table.js';

// The scanner answers the context-word checks itself when the text before a number is ASCII, and
// asks JavaScript otherwise (src/redaction/wasm/assembly/context-words.ts). Both must give the same
// findings: each case is run as written (ASCII: WebAssembly) and after a non-ASCII word close
// enough to fall inside every check's window (JavaScript).
const redactor = createRedactor();
const found = (text: string) => redactor.detect(text).map((s) => `${s.type}:${text.slice(s.start, s.end)}`);

/** The words of list `n` read back from the table, sorted. */
function tableWords(table: Uint8Array, n: number): string[] {
  const words: string[] = [];
  for (let c = 0; c < 128; c++) {
    let at = table[n * 256 + c * 2]! | (table[n * 256 + c * 2 + 1]! << 8);
    if (at === 0) continue;
    for (let length = table[at]!; length !== 0; at += 1 + length, length = table[at]!) {
      words.push(String.fromCharCode(...table.subarray(at + 1, at + 1 + length)));
    }
  }
  return words.sort();
}

describe('context words in WebAssembly', () => {
  it('the table holds every ASCII word of every list, and only those', () => {
    const table = buildWordTable();
    const lists = [PHONE_WORD_LIST, TRACKING_WORD_LIST, SSN_WORD_LIST, IDENTIFIER_WORD_LIST, FILLER_LIST, VERSION_WORD_LIST];
    lists.forEach((list, n) => {
      const ascii = [...new Set(list.filter((w) => /^[\x01-\x7f]+$/.test(w)))].sort();
      expect(ascii.length).toBeGreaterThan(0);
      expect(tableWords(table, n)).toEqual(ascii);
    });
  });

  // [checked in WebAssembly, checked in JavaScript, findings]: the second text puts a non-ASCII
  // letter where the check reads (the window before the number, or the word before it).
  it.each([
    ['Ring 22 34 56 78 today', 'Grüße. Ring 22 34 56 78 today', ['PHONE:22 34 56 78']],
    ['CALL: 22 34 56 78', 'Grüße. CALL: 22 34 56 78', ['PHONE:22 34 56 78']],
    ['see 22 34 56 78', 'Grüße. see 22 34 56 78', []],
    ['[PHONE] 22 34 56 78', 'Grüße. [PHONE] 22 34 56 78', []],
    ['Tracking: 123456789012', 'Grüße. Tracking: 123456789012', []],
    ['SSN 123 45 6789', 'Grüße. SSN 123 45 6789', ['US_SSN:123 45 6789']],
    ['soc. sec 123 45 6789', 'Grüße. soc. sec 123 45 6789', ['US_SSN:123 45 6789']],
    ['Invoice no. 0612345678', 'Invoice n° 0612345678', []],
    ['Pedido numero 0612345678', 'Pedido número 0612345678', []],
    ['Envio 0612345678', 'Envío 0612345678', []],
    ['ordering 0612345678', 'ordenó 0612345678', ['PHONE:0612345678']],
    ['SSN: order 123456789', 'SSN: pedido número 123456789', []],
    ['SSN: item 123456789', 'SSN: ítem 123456789', ['US_SSN:123456789']],
    ['version 10.1.2.3', 'Grüße version 10.1.2.3', []],
    ['host 10.1.2.3', 'hôte 10.1.2.3', ['IPV4:10.1.2.3']],
  ])('%s | %s: the same findings whichever side checks the words', (ascii, other, expected) => {
    expect(found(ascii)).toEqual(expected);
    expect(found(other)).toEqual(expected);
  });
});
