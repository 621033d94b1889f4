import { Wasm } from '../../web-assembly.js';
import { CHAIN_KERNELS_WASM } from './chain-kernels-binary.js';

/** Where callers' data starts in the kernels' memory (see chain-kernels.wat). */
const INPUT = 65_536;
const PAGE = 65_536;
/** Leaves copied in per call: 128 KiB of digests. */
const LEAF_BATCH = 4096;
/** Where a Merkle root is written (see chain-kernels.wat). */
const ROOT_OUT = 3072;
/** scanLine's findings (see chain-kernels.wat). */
const FOUND = 3200;
/** Where lines are copied: past INPUT's first 64 bytes, so hashInput may never read before them. */
const LINES = INPUT + 64;
/** Readable bytes scanLine may need past a line's end (16-byte loads, escapes read ahead). */
const SLACK = 64;

/** Findings of scanLine, by their offset in its findings (see chain-kernels.wat). */
export const FOUND_BODY_END = 0;
export const FOUND_HASH = 4;
export const FOUND_PREV_HASH = 8;
export const FOUND_CHAIN_ID = 12;
export const FOUND_CHAIN_ID_END = 16;
export const FOUND_DECIDED_AT = 20;
export const FOUND_DECIDED_AT_END = 24;
const FOUND_CHECKPOINT_OPERATION = 28;
export const FOUND_CHECKPOINT = 32;
export const FOUND_CHECKPOINT_END = 36;
export const FOUND_SIGNATURE = 40;
export const FOUND_SIGNATURE_END = 44;

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface KernelExports {
  memory: WasmMemory;
  scanLine(start: number, end: number): number;
  hashInput(start: number, out: number): number;
  merkleReset(): void;
  merkleAdd(at: number, count: number): void;
  merkleRoot(out: number): void;
}

/**
 * The verifier's WebAssembly loops (chain-kernels.wat). One instance per process, compiled the first
 * time a verifier needs it (~1.5 KB, about a millisecond): importing the library costs nothing.
 */
export class ChainKernels {
  private readonly wasm: KernelExports;
  private bytes!: Uint8Array;
  private words!: Int32Array;
  private float64!: Float64Array;
  private buffer!: Buffer;
  /** Where hashInput writes: after the loaded lines. */
  private hashOut = 0;

  constructor() {
    const module = new Wasm.Module(Buffer.from(CHAIN_KERNELS_WASM, 'base64'));
    this.wasm = new Wasm.Instance(module).exports as KernelExports;
    this.viewMemory();
  }

  /** Lines (UTF-8 bytes) for {@link scanLine}, in place of the ones loaded before. */
  loadLines(lines: Uint8Array): void {
    // Room for the lines, the slack after them, and the longest hash input (a line and 65 bytes).
    this.reserve(64 + 2 * (lines.length + SLACK) + 128);
    this.bytes.set(lines, LINES);
    this.bytes.fill(0, LINES + lines.length, LINES + lines.length + SLACK);
    this.hashOut = (LINES + lines.length + SLACK + 63) & ~63;
  }

  /**
   * The loaded line `[start, end)` (offsets into the loaded lines, trailing whitespace excluded) is
   * in the chain writer's form with well-formed chain fields: its findings are then readable until
   * the next call. `false` says nothing about the line — writer-line.ts decides it.
   */
  scanLine(start: number, end: number): boolean {
    return this.wasm.scanLine(LINES + start, LINES + end) === 1;
  }

  /** What the record hash of the line just scanned is computed over: prevHash, the body, `}`. */
  hashInput(start: number): Uint8Array {
    const length = this.wasm.hashInput(LINES + start, this.hashOut);
    return new Uint8Array(this.wasm.memory.buffer, this.hashOut, length);
  }

  /** Findings of the line just scanned (see chain-kernels.wat): a position as an offset into the lines, or -1 when 0. */
  found(slot: number): number {
    const at = this.words[(FOUND + slot) / 4]!;
    return at === 0 ? -1 : at - LINES;
  }

  /** The line just scanned has `"operation":"checkpoint"`. */
  foundCheckpointOperation(): boolean {
    return this.words[(FOUND + FOUND_CHECKPOINT_OPERATION) / 4] === 1;
  }

  foundSeq(): number {
    return this.float64[(FOUND + 48) / 8]!;
  }

  /** The loaded bytes `[start, end)` as text (`latin1` for fields the scanner found to be ASCII). */
  text(start: number, end: number, encoding: 'latin1' | 'utf8'): string {
    return this.buffer.toString(encoding, LINES + start, LINES + end);
  }

  /**
   * RFC 9162 Merkle Tree Hash (lowercase hex) over the digests at `ids[from..to]` (inclusive, at
   * least one) of `digestWords`: 8 words per digest, its 32 bytes in memory order.
   */
  merkleRoot(digestWords: Int32Array, ids: Uint32Array, from: number, to: number): string {
    const wasm = this.wasm;
    this.reserve(32 * LEAF_BATCH);
    wasm.merkleReset();
    const words = this.words;
    for (let k = from; k <= to; ) {
      const count = Math.min(LEAF_BATCH, to + 1 - k);
      let w = INPUT / 4;
      for (let end = k + count; k < end; k++) {
        const at = 8 * ids[k]!;
        for (let j = 0; j < 8; j++) words[w++] = digestWords[at + j]!;
      }
      wasm.merkleAdd(INPUT, count);
    }
    wasm.merkleRoot(ROOT_OUT);
    return Buffer.from(wasm.memory.buffer, ROOT_OUT, 32).toString('hex');
  }

  /** Room for `length` bytes at INPUT. Growing memory replaces its buffer, so the views are renewed. */
  private reserve(length: number): void {
    const missing = INPUT + length - this.wasm.memory.buffer.byteLength;
    if (missing <= 0) return;
    this.wasm.memory.grow(Math.ceil(missing / PAGE));
    this.viewMemory();
  }

  private viewMemory(): void {
    this.bytes = new Uint8Array(this.wasm.memory.buffer);
    this.words = new Int32Array(this.wasm.memory.buffer);
    this.float64 = new Float64Array(this.wasm.memory.buffer);
    this.buffer = Buffer.from(this.wasm.memory.buffer);
  }
}

let kernels: ChainKernels | undefined;

export function chainKernels(): ChainKernels {
  kernels ??= new ChainKernels();
  return kernels;
}
