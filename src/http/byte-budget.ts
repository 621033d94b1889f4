/**
 * Request bytes held in memory at once, bounded *before* bodies are read: a request reserves its
 * Content-Length up front (or its bytes as they stream in, without one) and is refused — 429 with
 * Retry-After — when they do not fit; it releases them once answered. A request alone may always
 * use the whole budget, so one large request is never refused forever.
 */
export class ByteBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  get inUse(): number {
    return this.used;
  }

  /** Reserves `bytes` when they fit (or nothing else is reserved); false otherwise. */
  tryReserve(bytes: number): boolean {
    if (bytes <= 0) return true;
    if (this.used > 0 && this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}
