/**
 * Where encrypted frames wait for their group commit: slices of a few large buffers, reused from
 * one group to the next, instead of four small Buffers per entry.
 *
 * Why: everything an append allocates lives until the group's fdatasync, long enough to survive
 * V8's young-generation collections. With a thousand entries in flight that survival made V8 grow
 * its young generation to its maximum (2 × 64 MiB on a machine with a 4 GiB heap limit), whose pages
 * it then keeps resident: most of the RSS growth measured over an outage (bench/delivery). A slice
 * of a reused buffer survives as one small object per append, not a dozen per entry.
 *
 * The buffers hold ciphertext only (frames are encrypted before they are staged).
 */
export interface StagedSlice {
  /** Exactly the reserved bytes; the caller fills all of them. */
  readonly bytes: Buffer;
  readonly arena: StagingArena;
}

/** One reused staging buffer. */
export interface StagingArena {
  buffer: Buffer;
  used: number;
  /** Slices not released yet. */
  holders: number;
  /** No longer the one new slices are cut from. */
  sealed: boolean;
}

export class FrameStager {
  private current: StagingArena | undefined;
  private readonly pool: Buffer[] = [];

  /**
   * @param arenaBytes size of one staging buffer (an append larger than this gets its own)
   * @param maxPooled staging buffers kept for reuse once released; more are left to the GC
   */
  constructor(
    private readonly arenaBytes = 1024 * 1024,
    private readonly maxPooled = 4,
  ) {}

  /** Contiguous room for `bytes`; hand the slice to `release` once its commit has settled. */
  reserve(bytes: number): StagedSlice {
    let arena = this.current;
    if (!arena || arena.used + bytes > arena.buffer.length) {
      if (arena) this.seal(arena);
      arena = this.newArena(bytes);
      // An oversized append gets a buffer of its own, never reused.
      if (arena.buffer.length === this.arenaBytes) this.current = arena;
      else arena.sealed = true;
    }
    const start = arena.used;
    arena.used += bytes;
    arena.holders++;
    return { bytes: arena.buffer.subarray(start, start + bytes), arena };
  }

  release(slice: StagedSlice): void {
    const arena = slice.arena;
    arena.holders--;
    if (arena.holders > 0) return;
    if (!arena.sealed) arena.used = 0; // the current buffer, unreferenced: start over at its head
    else this.recycle(arena);
  }

  private seal(arena: StagingArena): void {
    this.current = undefined;
    arena.sealed = true;
    if (arena.holders === 0) this.recycle(arena);
  }

  private recycle(arena: StagingArena): void {
    if (arena.buffer.length === this.arenaBytes && this.pool.length < this.maxPooled) this.pool.push(arena.buffer);
  }

  private newArena(bytes: number): StagingArena {
    const buffer =
      bytes <= this.arenaBytes ? (this.pool.pop() ?? Buffer.allocUnsafeSlow(this.arenaBytes)) : Buffer.allocUnsafeSlow(bytes);
    return { buffer, used: 0, holders: 0, sealed: false };
  }
}
