import { CHAIN_KERNELS_WASM } from './chain-kernels-binary.js';

/** Where callers' data starts in the kernels' memory (see chain-kernels.wat). */
const INPUT = 65_536;
const PAGE = 65_536;
/** Leaves copied in per call: 128 KiB of digests. */
const LEAF_BATCH = 4096;
/** Where a Merkle root is written (see chain-kernels.wat). */
const ROOT_OUT = 3072;

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface KernelExports {
  memory: WasmMemory;
  printable(at: number, length: number): number;
  merkleReset(): void;
  merkleAdd(at: number, count: number): void;
  merkleRoot(out: number): void;
}

/**
 * The WebAssembly global, typed here: Node has it in every version we support, but its declarations
 * come with TypeScript's DOM library, which this package does not compile against.
 */
const { WebAssembly: Wasm } = globalThis as unknown as {
  WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object) => { exports: object } };
};

/**
 * The verifier's WebAssembly loops (chain-kernels.wat). One instance per process, compiled the first
 * time a verifier needs it (~1.5 KB, about a millisecond): importing the library costs nothing.
 */
export class ChainKernels {
  private readonly wasm: KernelExports;
  private bytes!: Uint8Array;
  private words!: Int32Array;

  constructor() {
    const module = new Wasm.Module(Buffer.from(CHAIN_KERNELS_WASM, 'base64'));
    this.wasm = new Wasm.Instance(module).exports as KernelExports;
    this.viewMemory();
  }

  /** Every byte is 0x20–0x7F or a newline. */
  isPrintable(data: Uint8Array): boolean {
    this.reserve(data.length);
    this.bytes.set(data, INPUT);
    return this.wasm.printable(INPUT, data.length) === 1;
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
  }
}

let kernels: ChainKernels | undefined;

export function chainKernels(): ChainKernels {
  kernels ??= new ChainKernels();
  return kernels;
}
