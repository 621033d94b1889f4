import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/chain/format/canonical-json.js';
import { type LineEncoding, scanWriterLine } from '../../src/chain/verify/writer-line.js';
import { buildChain } from './chain-fixtures.js';

const [record] = buildChain(1, { signingKey: Buffer.alloc(32, 7).toString('base64') });
const line = JSON.stringify(record);
/** The writer's line with its body (canonical text without hash/signature) replaced. */
const withBody = (body: string) => `${body.slice(0, -1)},"hash":"${record!.hash}","signature":"${record!.signature}"}`;
const { hash: _hash, signature: _signature, ...unhashed } = record!;
const body = canonicalize(unhashed);
/** The writer's line with `from` replaced by `to` in its body. */
const edit = (from: string, to: string) => {
  expect(body).toContain(from);
  return withBody(body.replace(from, to));
};
const bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const ENCODINGS: LineEncoding[] = ['text', 'utf8-bytes'];

describe('scanWriterLine', () => {
  it('accepts a writer line and finds the fields and the canonical body', () => {
    expect(withBody(body)).toBe(line);
    for (const encoding of ENCODINGS) {
      const w = scanWriterLine(line, encoding)!;
      expect(w).toMatchObject({ chainId: 'chain-a', seq: 0, signature: record!.signature, decidedAt: record!.decidedAt });
      expect(`${line.slice(0, w.bodyEnd)}}`).toBe(body);
      expect(line.slice(w.hashAt, w.hashAt + 64)).toBe(record!.hash);
      expect(line.slice(w.prevHashAt, w.prevHashAt + 64)).toBe(record!.prevHash);
    }
    expect(scanWriterLine(line, 'printable-ascii')).toBeDefined();
    expect(scanWriterLine(`${line} \r`, 'text')).toBeDefined();
  });

  it('reads a line in place from a longer text', () => {
    const text = `garbage\n${line}\nmore`;
    const w = scanWriterLine(text, 'printable-ascii', 8, 8 + line.length)!;
    expect(w.seq).toBe(0);
    expect(`${text.slice(8, w.bodyEnd)}}`).toBe(body);
    // A string may not run on into the next line.
    expect(scanWriterLine(text, 'printable-ascii', 8, 8 + 40)).toBeUndefined();
  });

  it('declines a non-canonical escape in printable ASCII whatever order the lines of one text come in', () => {
    const escaped = edit('"sys-1"', '"sys\\u002d1"'); // "sys-1" written with a needless escape
    const text = `${escaped}\n${line}\n${line}`;
    const second = escaped.length + 1;
    const third = second + line.length + 1;
    // Later lines first: their backslash search (none found) says nothing about the first line.
    expect(scanWriterLine(text, 'printable-ascii', third, third + line.length)).toBeDefined();
    expect(scanWriterLine(text, 'printable-ascii', second, second + line.length)).toBeDefined();
    expect(scanWriterLine(text, 'printable-ascii', 0, escaped.length)).toBeUndefined();
    // And the decoded field values of a later line are not taken from before its escapes were seen.
    const withEscapedId = edit('"chain-a"', '"chain\\u002da"');
    const mixed = `${line}\n${withEscapedId}`;
    expect(scanWriterLine(mixed, 'printable-ascii', 0, line.length)).toBeDefined();
    expect(scanWriterLine(mixed, 'printable-ascii', line.length + 1, mixed.length)).toBeUndefined();
  });

  it('accepts canonical escapes and non-ASCII, as text and as UTF-8 bytes', () => {
    const canonical = canonicalize({ ...unhashed, modelUsed: 'é\u2028😀"\\\n\u0001\u007f/' });
    expect(canonical).toContain('\\u0001');
    const text = withBody(canonical);
    expect(scanWriterLine(text, 'text')).toBeDefined();
    expect(scanWriterLine(bytes(text), 'utf8-bytes')).toBeDefined();
    expect(scanWriterLine(withBody(canonicalize({ ...unhashed, modelUsed: 'a"b\\c' })), 'printable-ascii')).toBeDefined();
  });

  it.each([
    ['whitespace', () => edit('"aiSystemId":', '"aiSystemId": ')],
    ['leading whitespace', () => ` ${line}`],
    ['unsorted keys', () => edit('"aiSystemId":"sys-1","chainId":"chain-a"', '"chainId":"chain-a","aiSystemId":"sys-1"')],
    ['a duplicate key', () => edit('"aiSystemId":"sys-1"', '"aiSystemId":"sys-1","aiSystemId":"sys-1"')],
    ['a duplicate nested key', () => edit('"type":"text"', '"type":"text","type":"text"')],
    ['1.0 for 1', () => edit('"outputTokens":3', '"outputTokens":3.0')],
    ['an exponent', () => edit('"outputTokens":3', '"outputTokens":3e0')],
    ['a capital exponent', () => edit('"latencyMs":12.5', '"latencyMs":1.25E1')],
    ['-0', () => edit('"outputTokens":3', '"outputTokens":-0')],
    ['a leading zero', () => edit('"outputTokens":3', '"outputTokens":03')],
    ['a trailing fraction zero', () => edit('"latencyMs":12.5', '"latencyMs":12.50')],
    ['a 17-digit integer', () => edit('"outputTokens":3', '"outputTokens":12345678901234567')],
    ['\\u00e9 for é', () => edit('"sys-1"', '"sys-\\u00e9"')],
    ['\\u0041 for A', () => edit('"sys-1"', '"sys-\\u0041"')],
    ['\\/ for /', () => edit('"sys-1"', '"sys\\/1"')],
    ['\\u000a for \\n', () => edit('"sys-1"', '"sys\\u000a1"')],
    ['\\u001F in capitals', () => edit('"sys-1"', '"sys\\u001F1"')],
    ['an escaped lone surrogate', () => edit('"sys-1"', '"sys\\ud8001"')],
    ['a raw control character', () => edit('"sys-1"', '"sys\u00011"')],
    ['a raw tab', () => edit('"sys-1"', '"sys\t1"')],
    ['a bad escape', () => edit('"sys-1"', '"sys\\x1"')],
    ['an unterminated string', () => edit('"sys-1"', '"sys-1')],
    ['a missing comma', () => edit('"sys-1","chainId"', '"sys-1""chainId"')],
    ['a trailing comma', () => edit('"outputTokens":3}', '"outputTokens":3,}')],
    ['True', () => edit('"outputTokens":3', '"outputTokens":True')],
    ['hash before the last members', () => line.replace(/,"hash":"[0-9a-f]+"/, '').replace('{', `{"hash":"${record!.hash}",`)],
    ['signature before hash', () => `${body.slice(0, -1)},"signature":"${record!.signature}","hash":"${record!.hash}"}`],
    ['a member after signature', () => `${line.slice(0, -1)},"z":1}`],
    ['no hash', () => body],
    ['a hash that is not a string', () => `${body.slice(0, -1)},"hash":1}`],
    ['a short hash', () => `${body.slice(0, -1)},"hash":"${record!.hash.slice(1)}"}`],
    ['an escaped signature', () => `${body.slice(0, -1)},"hash":"${record!.hash}","signature":"a\\/b"}`],
    ['a prevHash of 63 characters', () => edit(record!.prevHash, 'a'.repeat(63))],
    ['a seq that is a string', () => edit('"seq":0', '"seq":"0"')],
    ['a negative seq', () => edit('"seq":0', '"seq":-1')],
    ['an empty chainId', () => edit('"chainId":"chain-a"', '"chainId":""')],
    ['an evidence pack line', () => `{"vaxeliaEvidence":{"controls":[]},"record":${line}}`],
    ['garbage after the record', () => `${line}x`],
    ['an array', () => `[${line}]`],
    ['deep nesting', () => edit('"sys-1"', `${'['.repeat(100)}1${']'.repeat(100)}`)],
  ])('declines %s', (_name, make) => {
    const text = make();
    for (const encoding of ENCODINGS) expect(scanWriterLine(text, encoding), encoding).toBeUndefined();
    if (/^[\x20-\x7f]*$/.test(text)) expect(scanWriterLine(text, 'printable-ascii')).toBeUndefined();
  });

  it.each([
    ['an overlong encoding', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a stray continuation byte', [0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ])('declines invalid UTF-8: %s', (_name, invalid) => {
    const text = edit('"sys-1"', `"sys${String.fromCharCode(...invalid)}1"`);
    expect(scanWriterLine(text, 'utf8-bytes')).toBeUndefined();
  });

  it('declines a lone surrogate in decoded text', () => {
    expect(scanWriterLine(edit('"sys-1"', '"sys\ud8001"'), 'text')).toBeUndefined();
    expect(scanWriterLine(edit('"sys-1"', '"sys\udc001"'), 'text')).toBeUndefined();
  });

  it('sorts keys by UTF-16 code units, also past the BMP and with escapes', () => {
    // U+FB33 sorts after U+1F600 in UTF-16 (0xFB33 > 0xD83D) though not in code points or UTF-8.
    const keys = { '\r': 1, a: 2, '\u0080': 3, 'ö': 4, '😀': 5, '\ufb33': 6 };
    const text = withBody(canonicalize({ ...unhashed, policyContext: keys }));
    expect(scanWriterLine(text, 'text')).toBeDefined();
    expect(scanWriterLine(bytes(text), 'utf8-bytes')).toBeDefined();
    const swapped = text.replace('"😀":5,"\ufb33":6', '"\ufb33":6,"😀":5');
    expect(swapped).not.toBe(text);
    expect(scanWriterLine(swapped, 'text')).toBeUndefined();
    expect(scanWriterLine(bytes(swapped), 'utf8-bytes')).toBeUndefined();
  });

  it('accepts a number exactly when it is written as ECMAScript prints it', () => {
    const numberLine = (text: string) => edit('"latencyMs":12.5', `"latencyMs":${text}`);
    const variants = (d: number) => {
      const out = [String(d), JSON.stringify(d), `${d}0`, `-${d}`];
      for (let k = 0; k <= 20; k++) out.push(d.toFixed(k), d.toPrecision(k + 1), d.toExponential(k));
      return out.filter((t) => /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(t));
    };
    const check = (d: number) => {
      for (const text of variants(d)) {
        const canonical = text === String(Number(text));
        expect(scanWriterLine(numberLine(text), 'printable-ascii') !== undefined, text).toBe(canonical);
      }
    };
    for (const d of [0, -0, 1, -1, 0.5, 842.5, 1e-6, 1e-7, 0.000001234, 123456789012345, 1234567890123456, 1e21, 1e20, 0.1 + 0.2]) check(d);
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), check), { numRuns: 500 });
    fc.assert(fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.nat(8), (n, scale) => check(n / 10 ** scale)), { numRuns: 500 });
  });

  it('accepts exactly the canonical text of random JSON (and declines re-serialisations that differ)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (value, pretty) => {
        let canonical: string;
        try {
          canonical = canonicalize(value);
        } catch {
          return; // not I-JSON
        }
        const text = withBody(canonicalize({ ...unhashed, policyContext: { value } }));
        expect(scanWriterLine(text, 'text')).toBeDefined();
        expect(scanWriterLine(bytes(text), 'utf8-bytes')).toBeDefined();
        const other = JSON.stringify(value, null, pretty ? 1 : undefined);
        if (other !== canonical) {
          const variant = withBody(canonicalize({ ...unhashed, policyContext: { value: null } }).replace('"value":null', `"value":${other}`));
          expect(scanWriterLine(variant, 'text')).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });
});
