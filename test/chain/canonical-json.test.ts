import { describe, expect, it } from 'vitest';
import { CanonicalizationError } from '../../src/chain/format/chain-errors.js';
import { canonicalize, canonicalizeWithCopy } from '../../src/chain/format/canonical-json.js';

function fromIeeeHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('canonicalize (RFC 8785)', () => {
  // RFC 8785 Appendix B.
  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('number %s → %s', (hex, expected) => {
    expect(canonicalize(fromIeeeHex(hex))).toBe(expected);
  });

  it.each([['7fffffffffffffff'], ['7ff0000000000000'], ['fff0000000000000']])('rejects NaN/Infinity %s', (hex) => {
    expect(() => canonicalize({ n: fromIeeeHex(hex) })).toThrow(CanonicalizationError);
  });

  it('serialises the RFC 8785 §3.2.2 example', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        '"literals": [null, true, false]}',
    );
    const out = canonicalize(input);
    expect(out).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    // The RFC also gives the UTF-8 bytes.
    expect(Buffer.from(out, 'utf8').toString('hex')).toBe(
      [
        '7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72',
        '75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a',
        '5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31',
        '65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37',
        '5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30',
        '30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d',
      ]
        .join(' ')
        .replaceAll(' ', ''),
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // (Object.keys would list "1" first whatever the text says: integer-like keys come first in JS.)
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('nests, omits undefined members and honours toJSON like the wire form', () => {
    const value = { b: [1, { d: 2, c: undefined, a: 'x' }], a: new Date(0), z: null };
    expect(canonicalize(value)).toBe('{"a":"1970-01-01T00:00:00.000Z","b":[1,{"a":"x","d":2}],"z":null}');
    expect(canonicalize(JSON.parse(JSON.stringify(value)))).toBe(canonicalize(value));
  });

  it.each([
    ['BigInt', { a: 1n }],
    ['a function', { a: () => 1 }],
    ['a symbol', { a: Symbol('s') }],
    ['undefined in an array', { a: [1, undefined] }],
    ['a lone high surrogate', { a: 'x\ud800' }],
    ['a lone low surrogate in a key', { '\udc00': 1 }],
    ['a Map', { a: new Map() }],
  ])('throws CanonicalizationError for %s', (_name, value) => {
    expect(() => canonicalize(value)).toThrow(CanonicalizationError);
  });

  it('throws for cycles but accepts shared references', () => {
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalize(cyclic)).toThrow(/cycle/);
  });
});

describe('canonicalize: the sorted-input fast path agrees with the full serializer', () => {
  it('on random JSON, and on lone surrogates / non-finite numbers it defers to it', async () => {
    const fc = (await import('fast-check')).default;
    const { canonicalizeWithout } = await import('../../src/chain/format/canonical-json.js');
    const none = new Set<string>();
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ maxDepth: 4 })), (value) => {
        let full: string;
        try {
          full = canonicalize(value);
        } catch (error) {
          expect(error).toBeInstanceOf(CanonicalizationError);
          return;
        }
        const reparsed = JSON.parse(full) as Record<string, unknown>; // keys now in canonical order
        expect(canonicalizeWithout(reparsed, none)).toBe(full);
        expect(canonicalizeWithout(value as Record<string, unknown>, none)).toBe(full);
      }),
      { numRuns: 500 },
    );
    expect(() => canonicalizeWithout({ a: { b: 'x\ud800' } }, none)).toThrow(CanonicalizationError);
    expect(() => canonicalizeWithout({ '\udfff': 1 }, none)).toThrow(CanonicalizationError);
    expect(() => canonicalizeWithout({ a: [1, Number.NaN] }, none)).toThrow(CanonicalizationError);
    expect(canonicalizeWithout({ a: '\\ud800', hash: 'x' }, new Set(['hash']))).toBe('{"a":"\\\\ud800"}');
  }, 180_000); // thousands of random documents: CPU-bound, minutes on a loaded 2-core machine
});

describe('canonicalizeWithCopy: the sorted copy and its JSON.stringify agree with the full serializer', () => {
  const check = (value: Record<string, unknown>) => {
    let full: string | undefined;
    try {
      full = canonicalize(value);
    } catch (error) {
      expect(error).toBeInstanceOf(CanonicalizationError);
    }
    if (full === undefined) {
      expect(() => canonicalizeWithCopy(value)).toThrow(CanonicalizationError);
      return;
    }
    const { text, copy } = canonicalizeWithCopy(value);
    expect(text).toBe(full);
    expect(copy).toEqual(JSON.parse(full));
    expect(canonicalize(copy)).toBe(full);
    // Keys in canonical order at every level (JavaScript orders integer-like keys itself).
    if (!/"\d/.test(full)) expect(JSON.stringify(copy)).toBe(full);
    expect(copy).not.toBe(value);
  };

  it('on random JSON (any keys, including integer-like ones and __proto__)', async () => {
    const fc = (await import('fast-check')).default;
    const key = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('10', '9', '0', '-1', '1e3', '__proto__', 'toJSON', '\\ud800'));
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue({ maxDepth: 4 })), (value) => check(value)),
      { numRuns: 500 },
    );
  }, 180_000);

  it('on what only the full serializer handles: toJSON, -0, undefined, surrogates, class instances, deep nesting', () => {
    check({ at: new Date(0), n: -0, gone: undefined, nested: { '10': 1, '9': 2, b: [1, { z: 1, a: 2 }] } });
    check({ text: 'x\ud800' });
    check({ escaped: '\\ud800 is text' });
    check({ list: [1, undefined] });
    check({ n: Number.NaN });
    check({ big: 1n as unknown as number });
    check({ map: new Map() });
    check({ o: { toJSON: () => ({ b: 1, a: 2 }) } });
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 1200; i++) deep = deep.a = {} as Record<string, unknown>;
    check(root);
    // A deep copy: changing the input afterwards does not change the copy.
    const input = { a: { b: [1, 2] } };
    const { copy } = canonicalizeWithCopy(input);
    input.a.b.push(3);
    expect(copy).toEqual({ a: { b: [1, 2] } });
  });
});

describe('canonicalizeWithout: members cut from the end of the serialised record', () => {
  it('gives the canonical form of the record without them, wherever and whatever they are', async () => {
    const fc = (await import('fast-check')).default;
    const { canonicalizeWithout } = await import('../../src/chain/format/canonical-json.js');
    const omit = new Set(['hash', 'signature', '\u2028"x']);
    const omitted = fc.constantFrom('hash', 'signature', '\u2028"x');
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue({ maxDepth: 2 })),
        fc.array(fc.tuple(omitted, fc.oneof(fc.string({ unit: 'grapheme' }), fc.jsonValue({ maxDepth: 1 }))), { maxLength: 3 }),
        fc.boolean(),
        (body, extra, sorted) => {
          let kept: string;
          try {
            kept = canonicalize(body);
          } catch {
            return;
          }
          const base = sorted ? (JSON.parse(kept) as Record<string, unknown>) : body;
          const record: Record<string, unknown> = { ...base };
          for (const [key, value] of extra) record[key] = value;
          const without = Object.fromEntries(Object.entries(record).filter(([k]) => !omit.has(k)));
          expect(canonicalizeWithout(record, omit)).toBe(canonicalize(without));
        },
      ),
      { numRuns: 500 },
    );
  });
});
