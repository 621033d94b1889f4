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

// The scanner answers the context-word checks itself when the text before a number is Latin-1, and
// asks JavaScript otherwise (src/redaction/wasm/assembly/context-words.ts). Both must give the same
// findings: each case is run in ASCII and in Latin-1 (WebAssembly) and with a character above
// U+00FF where the check reads (JavaScript).
const redactor = createRedactor();
const found = (text: string) => redactor.detect(text).map((s) => `${s.type}:${text.slice(s.start, s.end)}`);

/** The words of list `n` read back from the table, sorted. */
function tableWords(table: Uint8Array, n: number): string[] {
  const words: string[] = [];
  for (let c = 0; c < 256; c++) {
    let at = table[n * 512 + c * 2]! | (table[n * 512 + c * 2 + 1]! << 8);
    if (at === 0) continue;
    for (let length = table[at]!; length !== 0; at += 1 + length, length = table[at]!) {
      words.push(String.fromCharCode(...table.subarray(at + 1, at + 1 + length)));
    }
  }
  return words.sort();
}

describe('context words in WebAssembly', () => {
  it('the table holds every Latin-1 word of every list, and only those', () => {
    const table = buildWordTable();
    const lists = [PHONE_WORD_LIST, TRACKING_WORD_LIST, SSN_WORD_LIST, IDENTIFIER_WORD_LIST, FILLER_LIST, VERSION_WORD_LIST];
    lists.forEach((list, n) => {
      const latin1 = [...new Set(list.filter((w) => /^[\x01-\xff]+$/.test(w)))].sort();
      expect(latin1.length).toBeGreaterThan(0);
      expect(tableWords(table, n)).toEqual(latin1);
    });
  });

  // [ASCII, Latin-1, findings; above Latin-1, its findings]: the first two are checked in
  // WebAssembly, the third puts a character above U+00FF where the check reads (the window before
  // the number, or the word before it), so JavaScript checks it. A word before the number that holds
  // such a character is no identifier or filler word: there the third text's findings differ.
  it.each([
    ['Ring 22 34 56 78 today', 'Grüße. Ring 22 34 56 78 today', 'Łódź. Ring 22 34 56 78 today', ['PHONE:22 34 56 78']],
    ['CALL: 22 34 56 78', 'ÀÉ CALL: 22 34 56 78', 'Łódź CALL: 22 34 56 78', ['PHONE:22 34 56 78']],
    ['Rufen Sie 22 34 56 78', 'Zurückrufen: 22 34 56 78', 'Łódź, zurückrufen: 22 34 56 78', ['PHONE:22 34 56 78']],
    ['see 22 34 56 78', 'voilà 22 34 56 78', 'Łódź 22 34 56 78', []],
    ['xcall 22 34 56 78', 'écall 22 34 56 78', 'ŁÓcall 22 34 56 78', []],
    ['[PHONE] 22 34 56 78', 'À [PHONE] 22 34 56 78', 'Ł [PHONE] 22 34 56 78', []],
    ['Tracking: 123456789012', 'Numéro de suivi : 123456789012', 'Łódź, suivi : 123456789012', []],
    ['SSN 123 45 6789', 'Grüße. SSN 123 45 6789', 'Łódź. SSN 123 45 6789', ['US_SSN:123 45 6789']],
    ['soc. sec 123 45 6789', 'Grüße. soc. sec 123 45 6789', 'Łódź. soc. sec 123 45 6789', ['US_SSN:123 45 6789']],
    ['SSN: order 123456789', 'SSN: pedido número 123456789', 'SSN: pedido Łnúmero 123456789', [], ['US_SSN:123456789']],
    ['SSN: item 123456789', 'SSN: ítem 123456789', 'SSN: Łtem 123456789', ['US_SSN:123456789']],
    ['Invoice no. 0612345678', 'Invoice n° 0612345678', 'Invoice Ło 0612345678', [], ['PHONE:0612345678']],
    ['Pedido numero 0612345678', 'Pedido número 0612345678', 'Pedido Łnúmero 0612345678', [], ['PHONE:0612345678']],
    ['Envio 0612345678', 'Envío 0612345678', 'Envīo 0612345678', [], ['PHONE:0612345678']],
    ['ordering 0612345678', 'ordenó 0612345678', 'ordeņ 0612345678', ['PHONE:0612345678']],
    ['version 10.1.2.3', 'Grüße version 10.1.2.3', 'Łódź version 10.1.2.3', []],
    ['host 10.1.2.3', 'hôte 10.1.2.3', 'hōst 10.1.2.3', ['IPV4:10.1.2.3']],
  ] as [string, string, string, string[], string[]?][])('%s | %s | %s: the same findings whichever side checks the words', (ascii, latin1, other, expected, otherExpected) => {
    expect(found(ascii)).toEqual(expected);
    expect(found(latin1)).toEqual(expected);
    expect(found(other)).toEqual(otherExpected ?? expected);
  });
});
