import type { PiiSpan } from '../types.js';
import { codeAt, isUnicodeWord } from '../detectors/chars.js';
import { hasIdentifierWordBefore, hasPhoneContext, hasSsnContext, hasTrackingContext, hasVersionWordBefore } from '../detectors/context.js';
import { atChainEnd, matchEmailAt, mayStartEmailAt } from '../detectors/email.js';
import { Wasm } from '../../web-assembly.js';
import { REDACTION_KERNELS_WASM } from './redaction-kernels-binary.js';
import { buildWordTable } from './word-table.js';

/** The types the module detects, by the `TYPE_*` codes of `assembly/` (what `found` reports). */
const TYPE_NAMES: readonly string[] = ['IPV4', 'CREDIT_CARD', 'US_SSN', 'PHONE', 'IBAN', 'IPV6'];

/** `scan`'s `types` argument: bit `1 << code` per type above, the next bit for e-mail (`assembly/index.ts`). */
export function scanTypeBits(types: readonly string[]): number {
  let bits = 0;
  for (const type of types) {
    const code = type === 'EMAIL' ? TYPE_NAMES.length : TYPE_NAMES.indexOf(type);
    if (code !== -1) bits |= 1 << code;
  }
  return bits;
}

interface KernelExports {
  memory: { buffer: ArrayBuffer };
  wordTable(): number;
  wordTableSize(): number;
  prepare(length: number): number;
  scan(types: number): void;
  workDone(): number;
}

/**
 * Texts longer than this many code units are scanned by an instance of their own, dropped after
 * the scan: WebAssembly memory never shrinks, and the shared instance keeps what it has grown to
 * (13 bytes per code unit: the text and the scratch arrays of `assembly/index.ts`).
 */
const SHARED_INSTANCE_MAX_LENGTH = 1 << 20;

// The scan in progress: what the imports below read and write. Scans are synchronous and never
// nested (the imports run detectors that do not scan), so one set of variables serves every scanner.
let text = '';
let out: PiiSpan[] = [];
/** End of the last e-mail address found: the next one's local part cannot reach back over it. */
let emailEnd = 0;
const emailStart = { start: 0 };
/** Characters the JavaScript side read for the scan in progress (context checks, e-mail candidates). */
let jsWork = 0;
/** A context check reads at most this many characters before the number. */
const CONTEXT_WIDTH = 48;

function context<T>(check: (text: string, index: number) => T): (index: number) => T {
  return (index) => {
    jsWork += CONTEXT_WIDTH;
    return check(text, index);
  };
}

const imports = {
  scan: {
    found(start: number, end: number, type: number): void {
      out.push({ start, end, type: TYPE_NAMES[type]! });
    },
    atSign(at: number): number {
      // The local part is read back at most 65 characters; the domain forward to the returned index.
      jsWork += 65;
      if (mayStartEmailAt(text, at)) {
        const end = matchEmailAt(text, at, emailEnd, emailStart);
        if (end !== -1) {
          out.push({ start: emailStart.start, end, type: 'EMAIL' });
          emailEnd = end;
          jsWork += end - at;
          return end - 1;
        }
      }
      // `a@a@a@…`: the rest of the chain is rejected too.
      const resume = codeAt(text, at + 2) === 64 ? atChainEnd(text, at) - 1 : at;
      // A failed candidate's domain is read at most 254 characters forward.
      jsWork += 254 + resume - at;
      return resume;
    },
    isUnicodeWord,
    phoneContext: context(hasPhoneContext),
    ssnContext: context(hasSsnContext),
    trackingContext: context(hasTrackingContext),
    identifierBefore: context(hasIdentifierWordBefore),
    versionBefore: context(hasVersionWordBefore),
  },
  env: {
    /** AssemblyScript's runtime error (its init builds a few strings): a thrown error fails the field closed. */
    abort(): never {
      throw new Error('redaction scanner aborted');
    },
  },
};

let compiled: object | undefined;
let wordTable: Uint8Array | undefined;

/** A new instance, with the context-word table copied in (`assembly/context-words.ts`). */
function instantiate(): KernelExports {
  compiled ??= new Wasm.Module(Buffer.from(REDACTION_KERNELS_WASM, 'base64'));
  wordTable ??= buildWordTable();
  const wasm = new Wasm.Instance(compiled, imports).exports as KernelExports;
  if (wordTable.length > wasm.wordTableSize()) throw new Error('context-word table larger than the room the scanner reserves');
  new Uint8Array(wasm.memory.buffer, wasm.wordTable(), wordTable.length).set(wordTable);
  return wasm;
}

/** What `out` holds between scans: nothing is pushed to it then, so one shared array serves. */
const NO_SCAN: PiiSpan[] = [];

/**
 * The instance whose work count {@link lastScanWork} reads (the shared one: a text's own instance
 * is not kept), and the JavaScript side's share (the whole count when there is no instance).
 */
let lastInstance: KernelExports | undefined;
let lastJsWork = 0;

/**
 * An instance and a Buffer over its memory. The memory grows only in `prepare`, and only for a text
 * longer than any before it (`assembly/index.ts` reserves room for `max(length, 4096)` code units),
 * so the Buffer is made again only then: reading `memory.buffer` on every scan costs a call into V8.
 */
class Kernels {
  private readonly wasm = instantiate();
  private readonly prepare = this.wasm.prepare;
  private readonly run = this.wasm.scan;
  private bytes = Buffer.from(this.wasm.memory.buffer);
  /** The longest text the instance has room for (what `prepare` reserved), -1 before the first. */
  private room = -1;

  scan(scanned: string, found: PiiSpan[], types: number): void {
    const length = scanned.length;
    const offset = this.prepare(length);
    if (length > this.room) {
      this.room = Math.max(length, 4096);
      if (this.bytes.buffer !== this.wasm.memory.buffer) this.bytes = Buffer.from(this.wasm.memory.buffer);
    }
    this.bytes.write(scanned, offset, 'utf16le');
    text = scanned;
    out = found;
    emailEnd = 0;
    jsWork = 0;
    try {
      this.run(types);
    } finally {
      text = '';
      out = NO_SCAN;
    }
    // The work count is for tests: read from the instance only when asked (`lastScanWork`).
    lastInstance = this.wasm;
    lastJsWork = jsWork;
  }
}

let shared: Kernels | undefined;

/**
 * Scans `scanned` for the built-in types in `types` (bits of {@link SCAN_TYPE_BITS}) and appends the
 * findings to `found` in the order found. The module is compiled the first time a redactor scans
 * (~9 KB, about a millisecond): importing the library costs nothing.
 */
export function scanText(scanned: string, found: PiiSpan[], types: number): void {
  if (scanned.length > SHARED_INSTANCE_MAX_LENGTH) {
    new Kernels().scan(scanned, found, types);
    // Read the work count now: holding the instance for it would keep its memory.
    lastJsWork = lastScanWork();
    lastInstance = undefined;
    return;
  }
  shared ??= new Kernels();
  shared.scan(scanned, found, types);
}

/**
 * How many characters and digits the detectors read during the last scan (the text once, plus every
 * candidate's reads, plus a bound for each context check and e-mail candidate in JavaScript). Tests
 * check that it grows in proportion to the text, on inputs built to make a scanner re-read.
 */
export function lastScanWork(): number {
  return lastInstance === undefined ? lastJsWork : (lastInstance.workDone() >>> 0) + lastJsWork;
}
