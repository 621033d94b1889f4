import { join } from 'node:path';
import type { Logger } from '../core/logger.js';
import type { LogRecordLike } from '../otel-types.js';
import { createEncryptedQueue, type EncryptedQueue, type EntryRef } from '../queue/encrypted-queue.js';

export interface GatewayLogStoreOptions {
  /** The gateway's buffer directory; the store lives in `<bufferDir>/gateway/logs`. */
  bufferDir: string;
  bufferKey?: string | Uint8Array;
  previousKeys?: readonly (string | Uint8Array)[];
  /** How long a log record is kept for a span that has not arrived yet. */
  keepMs: number;
  logger: Logger;
  now?: () => number;
}

/**
 * gen_ai log records (prompt and completion content sent through the Logs API) on disk, encrypted
 * like the decision queue, so a logs request can be acknowledged only once its content is durable:
 * a gateway that crashes after acknowledging the logs but before their span arrives still joins
 * the content to the span after its restart, instead of recording a decision without it.
 *
 * Each request's records are one entry. Entries are not removed when their span is mapped (the
 * records of one request may belong to many spans): they expire after `keepMs`, which covers how
 * long a Collector keeps retrying the span request. A restart reloads the unexpired entries.
 */
export class GatewayLogStore {
  private readonly queue: EncryptedQueue;
  /** Entries by append time, oldest first: what `expire` removes. */
  private readonly kept: { ref: EntryRef; at: number }[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: GatewayLogStoreOptions) {
    this.now = options.now ?? Date.now;
    this.queue = createEncryptedQueue({
      bufferDir: join(options.bufferDir, 'gateway', 'logs'),
      bufferKey: options.bufferKey,
      previousKeys: options.previousKeys,
      logger: options.logger,
      now: this.now,
    });
    this.timer = setInterval(() => this.expire(), Math.max(1000, Math.min(60_000, options.keepMs / 4)));
    this.timer.unref();
  }

  /** The unexpired records of earlier processes (their segments are adopted), in append order. */
  async reload(): Promise<LogRecordLike[]> {
    const records: LogRecordLike[] = [];
    const cutoff = this.now() - this.options.keepMs;
    for await (const entry of this.queue.entries()) {
      if (entry.enqueuedAt < cutoff) {
        this.queue.ack(entry.ref);
        continue;
      }
      this.kept.push({ ref: entry.ref, at: entry.enqueuedAt });
      try {
        records.push(...(JSON.parse(entry.body, revive) as LogRecordLike[]));
      } catch {
        this.queue.ack(entry.ref); // authenticated but not ours to read: nothing to join
      }
    }
    this.kept.sort((a, b) => a.at - b.at);
    return records;
  }

  /** Resolves once the records are fsynced; rejects when they could not be written. */
  async persist(records: readonly LogRecordLike[]): Promise<void> {
    if (records.length === 0) return;
    const { refs } = await this.queue.append([JSON.stringify(records, replace)]);
    const at = this.now();
    for (const ref of refs) this.kept.push({ ref, at });
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.expire();
    await this.queue.close();
  }

  private expire(): void {
    const cutoff = this.now() - this.options.keepMs;
    let n = 0;
    while (n < this.kept.length && this.kept[n]!.at < cutoff) this.queue.ack(this.kept[n++]!.ref);
    if (n > 0) this.kept.splice(0, n);
  }
}

// Log bodies and attributes may hold bytes (OTLP bytesValue) and 64-bit integers read as bigint.
function replace(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { __vaxelia_bytes__: Buffer.from(value).toString('base64') };
  if (typeof value === 'bigint') return { __vaxelia_bigint__: value.toString() };
  return value;
}

function revive(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && typeof (value as { __vaxelia_bytes__?: unknown }).__vaxelia_bytes__ === 'string') {
      return new Uint8Array(Buffer.from((value as { __vaxelia_bytes__: string }).__vaxelia_bytes__, 'base64'));
    }
    if (keys.length === 1 && typeof (value as { __vaxelia_bigint__?: unknown }).__vaxelia_bigint__ === 'string') {
      return BigInt((value as { __vaxelia_bigint__: string }).__vaxelia_bigint__);
    }
  }
  return value;
}
