import type { EncryptedQueue } from './queue-types.js';

export interface RedriveOptions {
  /** Only entries dead-lettered with these HTTP statuses. @defaultValue every entry */
  statuses?: readonly number[];
}

export interface RedriveResult {
  /** Put back into the queue (and removed from the dead-letter folder). */
  redriven: number;
  /** Left alone: another status than asked for. */
  skipped: number;
  /** Left alone: not readable with the queue's keys (another key, or damaged). */
  unreadable: number;
}

/**
 * Puts dead-lettered decisions back into the queue after a fix (a key, a URL, the endpoint's
 * validation). Each body goes back byte for byte — the same record, the same chain hash and seq —
 * through the queue's own durable append; only once that append is on disk is the dead-letter file
 * removed. A crash in between leaves the decision both queued and dead-lettered: a second redrive
 * queues it again and the endpoint deduplicates it by its Idempotency-Key (the decisionId).
 * Reading the folder is the queue's (`deadLetters()`, dead-letters.ts): one reader, one format.
 */
export async function redriveDeadLetters(queue: EncryptedQueue, options: RedriveOptions = {}): Promise<RedriveResult> {
  const result: RedriveResult = { redriven: 0, skipped: 0, unreadable: 0 };
  const onUnreadable = (): void => {
    result.unreadable++;
  };
  for await (const letter of queue.deadLetters({ onUnreadable })) {
    if (options.statuses && !options.statuses.includes(letter.status)) {
      result.skipped++;
      continue;
    }
    await queue.append([letter.body]); // resolves once durable (group commit + fsync)
    await queue.removeDeadLetter(letter.name);
    result.redriven++;
  }
  return result;
}
