/**
 * Recognises a JSON line in the chain writer's form — the RFC 8785 canonical text of a record without
 * `hash`/`signature`, followed by `,"hash":"…"` and optionally `,"signature":"…"` — in one pass,
 * without building the record. For such a line the text before `,"hash"` plus `}` *is*
 * `canonical(record without hash/signature)`, so the verifier can hash it as it is.
 *
 * The check is exact, not a heuristic: the line is accepted only if `JSON.parse` of it gives a record
 * whose canonical form is that text (sorted keys by UTF-16 code units and no duplicates, ECMAScript
 * number form, JCS string escaping, no whitespace, well-formed UTF-8 / UTF-16). Anything else —
 * however close — is declined and goes through parse + canonicalise, so a line crafted to look
 * canonical can never be hashed differently from what a third-party verifier would hash.
 */

import {
  BACKSLASH,
  DIGIT_0,
  DIGIT_9,
  escapeLength,
  isDigit,
  isShortestDecimal,
  MINUS,
  PLAIN,
  QUOTE,
  skipDigits,
  utf8SequenceLength,
} from '../format/jcs-tokens.js';

/**
 * What the verifier needs from a record in the writer's form whose chain fields are all well-formed
 * (a non-empty plain `chainId`, a safe non-negative integer `seq`, `prevHash` and `hash` strings of
 * 64 characters); the rest of the line is only checked.
 * Positions are in the scanned text; strings are slices of it: a caller that keeps one copies it.
 */
export interface WriterLine {
  /** `text.slice(start, bodyEnd) + "}"` is the canonical form of the record without `hash`/`signature`. */
  bodyEnd: number;
  chainId: string;
  seq: number;
  /**
   * Where the 64 characters of `hash` start in the line: a plain string of that length, but whether
   * it is lowercase hex is for the caller to check (when it equals the computed hash, it is).
   */
  hashAt: number;
  /**
   * Where the 64 characters of `prevHash` start in the line: a string of that length, but whether it
   * is lowercase hex is for the caller to check (when it equals the hash of the chain's previous
   * line, it is).
   */
  prevHashAt: number;
  signature: string | undefined;
  decidedAt: unknown;
  operation: unknown;
  checkpoint: unknown;
}

/**
 * How the line's code units map to its text: `text` is a decoded JavaScript string; `utf8-bytes`
 * holds one UTF-8 byte per code unit (a latin1 decoding of the raw bytes), which skips decoding and
 * keeps every line a one-byte string; `printable-ascii` is `utf8-bytes` that the caller has checked
 * holds only U+0020–U+007F (cheap on a whole read buffer with native searches), so string contents
 * need no look beyond their closing quote.
 */
export type LineEncoding = 'text' | 'utf8-bytes' | 'printable-ascii';

/** Deeper nesting than records have is left to the full path (which rejects beyond 1000 levels). */
const MAX_DEPTH = 64;

// Top-level members the verifier reads.
const OTHER = 0;
const SEQ = 1;
const CHAIN_ID = 2;
const PREV_HASH = 3;
const DECIDED_AT = 4;
const OPERATION = 5;
const CHECKPOINT = 6;

const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Scans the line `text.slice(start, end)` (a line can be read in place from a whole read buffer;
 * positions in the result are in `text`). Returns `undefined` when the line is not exactly in the
 * writer's form, when its chain fields are not well-formed, or when it is an evidence pack line: the
 * caller parses it instead, and the full path reports whatever is wrong with it. Trailing spaces,
 * tabs and `\r` are allowed (JSON whitespace that `JSON.parse` skips too).
 */
export function scanWriterLine(text: string, encoding: LineEncoding, start = 0, end = text.length): WriterLine | undefined {
  let last = end;
  while (last > start) {
    const c = text.charCodeAt(last - 1);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    last--;
  }
  return scanner.scan(text, start, last, encoding);
}

/** One scanner, reset per line: its stack arrays are allocated once. */
class LineScanner {
  s = '';
  start = 0;
  end = 0;
  i = 0;
  rawUtf8 = false;
  /** Only printable ASCII: a string without a backslash is everything up to the next quote. */
  quick = false;
  /**
   * Where the next backslash of `s` at or after the current position is (`Infinity`: none), kept
   * from line to line of one text, so finding it costs one pass over the text in all.
   */
  nextBackslash = -1;
  /** Where the search that found {@link nextBackslash} started: it says nothing about text before. */
  backslashSearchedFrom = 0;
  // Per open container: object or array, and (objects) where the previous member name is.
  readonly isObject = new Uint8Array(MAX_DEPTH);
  readonly keyStart = new Int32Array(MAX_DEPTH);
  readonly keyEnd = new Int32Array(MAX_DEPTH);
  readonly keyComplex = new Uint8Array(MAX_DEPTH);

  scan(text: string, start: number, end: number, encoding: LineEncoding): WriterLine | undefined {
    // Another text (the next read), or lines out of order: the backslash found so far is no guide.
    if (text !== this.s || this.nextBackslash < start || start < this.backslashSearchedFrom) this.nextBackslash = -1;
    this.s = text;
    this.start = start;
    this.end = end;
    this.rawUtf8 = encoding !== 'text';
    this.quick = encoding === 'printable-ascii';
    return this.scanRecord();
  }

  scanRecord(): WriterLine | undefined {
    const s = this.s;
    if (s.charCodeAt(this.start) !== OPEN_BRACE) return undefined;
    this.i = this.start + 1;
    let prevKeyStart = -1;
    let prevKeyEnd = -1;
    let prevKeyComplex = false;
    let chainId: unknown;
    let seq: unknown;
    let prevHashAt = -1;
    let decidedAt: unknown;
    let operation: unknown;
    let checkpoint: unknown;
    let bodyEnd = this.i;
    members: for (;;) {
      const keyStart = this.i;
      const keyKind = this.scanString();
      if (keyKind < 0) return undefined;
      const keyEnd = this.i;
      if (s.charCodeAt(this.i) !== COLON) return undefined;
      this.i++;
      // The members the verifier reads, and the names that end the body or mark another kind of
      // line, told apart by length first.
      let field = OTHER;
      if (keyKind === 0) {
        switch (keyEnd - keyStart - 2) {
          case 3:
            if (this.isKey(keyStart, 'seq')) field = SEQ;
            break;
          case 4:
            if (this.isKey(keyStart, 'hash')) break members;
            break;
          case 7:
            if (this.isKey(keyStart, 'chainId')) field = CHAIN_ID;
            break;
          case 8:
            if (this.isKey(keyStart, 'prevHash')) field = PREV_HASH;
            break;
          case 9:
            if (this.isKey(keyStart, 'decidedAt')) field = DECIDED_AT;
            else if (this.isKey(keyStart, 'operation')) field = OPERATION;
            else if (this.isKey(keyStart, 'signature')) return undefined;
            break;
          case 10:
            if (this.isKey(keyStart, 'checkpoint')) field = CHECKPOINT;
            break;
          case 15:
            if (this.isKey(keyStart, 'vaxeliaEvidence')) return undefined; // evidence pack lines are for the caller to unwrap
            break;
          case 19:
            if (this.isKey(keyStart, 'vaxeliaEvidencePack')) return undefined;
            break;
        }
      }
      if (prevKeyStart >= 0 && !this.keyLess(prevKeyStart, prevKeyEnd, prevKeyComplex, keyStart, keyEnd, keyKind !== 0)) return undefined;
      prevKeyStart = keyStart;
      prevKeyEnd = keyEnd;
      prevKeyComplex = keyKind !== 0;
      const valueStart = this.i;
      if (!this.scanValue()) return undefined;
      switch (field) {
        case SEQ:
          seq = this.decodeValue(valueStart);
          break;
        case CHAIN_ID:
          chainId = this.decodeValue(valueStart);
          break;
        case PREV_HASH:
          prevHashAt = s.charCodeAt(valueStart) === QUOTE && this.i === valueStart + 66 ? valueStart + 1 : -1;
          break;
        case DECIDED_AT:
          decidedAt = this.decodeValue(valueStart);
          break;
        case OPERATION:
          operation = this.decodeValue(valueStart);
          break;
        case CHECKPOINT:
          checkpoint = this.decodeValue(valueStart);
          break;
      }
      const c = s.charCodeAt(this.i);
      if (c !== COMMA) return undefined; // `}` here: a record without `hash`, not the writer's form
      bodyEnd = this.i;
      this.i++;
    }
    // `"hash":` has been read: its value, an optional `,"signature":"…"`, and the end of the line.
    // Its hex form is for the caller to check: when it equals the computed hash, it needs no check.
    const hashAt = this.i + 1;
    if (s.charCodeAt(this.i + 65) !== QUOTE || this.scanString() !== 0) return undefined;
    let signature: string | undefined;
    if (s.charCodeAt(this.i) === COMMA) {
      this.i++;
      const keyStart = this.i;
      if (this.scanString() !== 0 || this.i - keyStart !== 11 || !this.isKey(keyStart, 'signature') || s.charCodeAt(this.i) !== COLON) {
        return undefined;
      }
      this.i++;
      signature = this.plainString();
      if (signature === undefined) return undefined;
    }
    if (s.charCodeAt(this.i) !== CLOSE_BRACE || this.i + 1 !== this.end) return undefined;
    if (typeof chainId !== 'string' || chainId === '' || prevHashAt < 0) return undefined;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
    return { bodyEnd, chainId, seq, hashAt, prevHashAt, signature, decidedAt, operation, checkpoint };
  }

  /** A string value without escapes or non-ASCII (what hashes and base64 signatures are). */
  private plainString(): string | undefined {
    const start = this.i;
    if (this.scanString() !== 0) return undefined;
    return this.s.slice(start + 1, this.i - 1);
  }

  /** The plain member name at `start` (its quote) is `name`; the caller has compared the lengths. */
  private isKey(start: number, name: string): boolean {
    return this.s.charCodeAt(start + 1) === name.charCodeAt(0) && this.s.startsWith(name, start + 1);
  }

  /** The value scanned from `start` to the current position, as `JSON.parse` gives it. */
  private decodeValue(start: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(start);
    if (c === QUOTE) {
      // Printable ASCII with no backslash up to here (known from the search): nothing to decode.
      if (this.quick && this.nextBackslash >= this.i) return s.slice(start + 1, this.i - 1);
      let simple = true;
      for (let k = start + 1; k < this.i - 1; k++) {
        const u = s.charCodeAt(k);
        if (u === BACKSLASH || u >= 0x80) {
          simple = false;
          break;
        }
      }
      if (simple) return s.slice(start + 1, this.i - 1);
    } else if (c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9)) {
      return Number(s.slice(start, this.i));
    }
    return JSON.parse(this.decodeText(start, this.i));
  }

  private decodeText(start: number, end: number): string {
    const text = this.s.slice(start, end);
    return this.rawUtf8 ? Buffer.from(text, 'latin1').toString('utf8') : text;
  }

  /**
   * One JSON value from `this.i`. Nested containers are tracked on a stack instead of by recursion,
   * so the loop over a record's many small values stays in one optimised function.
   */
  private scanValue(): boolean {
    const s = this.s;
    const isObject = this.isObject;
    let depth = 0;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        i = this.skipString(i);
        if (i < 0) return false;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        const empty = s.charCodeAt(i + 1) === c + 2; // `}` and `]` follow `{` and `[` by two
        if (empty) {
          i += 2;
        } else {
          if (depth === MAX_DEPTH) return false;
          isObject[depth] = c === OPEN_BRACE ? 1 : 0;
          this.keyStart[depth] = -1;
          depth++;
          i++;
          if (c === OPEN_BRACE) {
            i = this.scanKey(i, depth - 1);
            if (i < 0) return false;
          }
          continue;
        }
      } else if (c === 0x74 /* t */ || c === 0x66 /* f */ || c === 0x6e /* n */) {
        const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
        if (!s.startsWith(word, i)) return false;
        i += word.length;
      } else {
        i = this.skipNumber(i);
        if (i < 0) return false;
      }
      // After a value: close what ends here, then either a next element or member, or done.
      for (;;) {
        if (depth === 0) {
          this.i = i;
          return true;
        }
        const next = s.charCodeAt(i++);
        if (next === COMMA) break;
        if (next !== (isObject[depth - 1] === 1 ? CLOSE_BRACE : CLOSE_BRACKET)) return false;
        depth--;
      }
      if (isObject[depth - 1] === 1) {
        i = this.scanKey(i, depth - 1);
        if (i < 0) return false;
      }
    }
  }

  /** A member name at `i` and its colon, in order after the previous name of the object at `level`; the position after the colon, or -1. */
  private scanKey(i: number, level: number): number {
    this.i = i;
    const kind = this.scanString();
    if (kind < 0 || this.s.charCodeAt(this.i) !== COLON) return -1;
    const start = this.keyStart[level]!;
    if (start >= 0 && !this.keyLess(start, this.keyEnd[level]!, this.keyComplex[level] === 1, i, this.i, kind !== 0)) return -1;
    this.keyStart[level] = i;
    this.keyEnd[level] = this.i;
    this.keyComplex[level] = kind;
    return this.i + 1;
  }

  /** The position after the string at `i`, or -1. */
  private skipString(i: number): number {
    this.i = i;
    return this.scanString() < 0 ? -1 : this.i;
  }

  private backslashFrom(i: number): number {
    if (this.nextBackslash < i) {
      const at = this.s.indexOf('\\', i);
      this.nextBackslash = at < 0 ? Number.POSITIVE_INFINITY : at;
      this.backslashSearchedFrom = i;
    }
    return this.nextBackslash;
  }

  /**
   * Keys `a` < `b` by UTF-16 code units (strictly: equal keys are duplicates). Plain keys compare in
   * place; a key with escapes or non-ASCII is decoded first (rare in records).
   */
  private keyLess(a0: number, a1: number, aComplex: boolean, b0: number, b1: number, bComplex: boolean): boolean {
    if (aComplex || bComplex) return (JSON.parse(this.decodeText(a0, a1)) as string) < (JSON.parse(this.decodeText(b0, b1)) as string);
    const s = this.s;
    const aLen = a1 - a0;
    const bLen = b1 - b0;
    const n = Math.min(aLen, bLen);
    // Both end with the closing quote, which sorts below every other plain character.
    for (let k = 1; k < n; k++) {
      const x = s.charCodeAt(a0 + k);
      const y = s.charCodeAt(b0 + k);
      if (x !== y) return (x === QUOTE ? -1 : x) < (y === QUOTE ? -1 : y);
    }
    return aLen < bLen;
  }

  /**
   * A string in JCS form, from its opening quote: -1 if it is not, 0 if it has neither escapes nor
   * non-ASCII code units, 1 otherwise. JCS (JSON.stringify) escapes exactly `"`, `\` and U+0000–U+001F
   * — with `\b \t \n \f \r` where they exist, else `\u00xx` in lowercase hex — and nothing else.
   */
  private scanString(): number {
    if (this.quick) {
      // Printable ASCII (the caller checked): up to the closing quote there is nothing to look at,
      // unless a backslash comes first. Both found by native search; small enough to be inlined.
      const i = this.i;
      if (this.s.charCodeAt(i) !== QUOTE) return -1;
      const close = this.s.indexOf('"', i + 1);
      if (close < 0 || close >= this.end) return -1;
      if (close < this.nextBackslash || close < this.backslashFrom(i)) {
        this.i = close + 1;
        return 0;
      }
    }
    return this.scanStringByCharacter();
  }

  private scanStringByCharacter(): number {
    const s = this.s;
    let i = this.i;
    if (s.charCodeAt(i) !== QUOTE) return -1;
    i++;
    let kind = 0;
    for (;;) {
      // Most characters of a record are plain: one table load per character.
      while (PLAIN[s.charCodeAt(i)] === 1) i++;
      const c = s.charCodeAt(i);
      if (c === QUOTE) break;
      if (i >= this.end || c < 0x20) return -1;
      kind = 1;
      if (c === BACKSLASH) {
        const n = escapeLength(s, i);
        if (n === 0) return -1;
        i += n;
      } else if (this.rawUtf8) {
        const n = utf8SequenceLength(s, i);
        if (n === 0) return -1;
        i += n;
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          // I-JSON: only a high surrogate followed by a low one.
          const d = s.charCodeAt(i + 1);
          if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return -1;
          i += 2;
        } else {
          i++;
        }
      }
    }
    this.i = i + 1;
    return kind;
  }

  /** JSON number grammar, then canonical only if it is what ECMAScript `String(Number(x))` writes; the position after it, or -1. */
  private skipNumber(start: number): number {
    const s = this.s;
    let i = start;
    if (s.charCodeAt(i) === MINUS) i++;
    const firstDigit = s.charCodeAt(i);
    if (firstDigit === DIGIT_0) i++;
    else if (firstDigit > DIGIT_0 && firstDigit <= DIGIT_9) i = skipDigits(s, i + 1);
    else return -1;
    const integerEnd = i;
    let fractionStart = -1;
    if (s.charCodeAt(i) === 0x2e) {
      fractionStart = i + 1;
      if (!isDigit(s.charCodeAt(fractionStart))) return -1;
      i = skipDigits(s, fractionStart + 1);
    }
    const e = s.charCodeAt(i);
    let exponent = false;
    if (e === 0x65 || e === 0x45) {
      exponent = true;
      i++;
      const sign = s.charCodeAt(i);
      if (sign === 0x2b || sign === MINUS) i++;
      if (!isDigit(s.charCodeAt(i))) return -1;
      i = skipDigits(s, i + 1);
    }
    if (!exponent && isShortestDecimal(s, start, integerEnd, fractionStart, i)) return i;
    const text = s.slice(start, i);
    return String(Number(text)) === text ? i : -1;
  }
}

const scanner = new LineScanner();
