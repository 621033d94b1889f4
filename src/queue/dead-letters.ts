import { readdir, readFile, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { decryptEntry, encryptEntry } from './entry-cipher.js';
import type { QueueContext } from './queue-context.js';
import { DEAD_LETTER_DIR } from './queue-layout.js';
import type { DeadLetter, QueuedEntry } from './queue-types.js';
import { writeFileDurably } from './secure-fs.js';

/**
 * Decisions the endpoint rejected for good (a 4xx about the decision, DESIGN.md §6) leave the queue
 * for `dead-letter/`: one file per decision, an encrypted JSON envelope (status, reason, times, the
 * exact body). The caller acks the entry once the file is durable. `buffer redrive` reads them back
 * with `readDeadLetters` and removes each one it has queued again.
 */
export async function writeDeadLetter(ctx: QueueContext, entry: QueuedEntry, status: number, reason: string): Promise<void> {
  const envelope = JSON.stringify({
    status,
    reason: reason.slice(0, 500),
    deadLetteredAt: new Date(ctx.now()).toISOString(),
    enqueuedAt: new Date(entry.enqueuedAt).toISOString(),
    body: entry.body,
  });
  const name = `${ctx.now()}-${status}-${entry.ref.segmentId}-${entry.ref.offset}.entry`;
  await writeFileDurably(join(ctx.bufferDir, DEAD_LETTER_DIR, name), encryptEntry(ctx.key, Buffer.from(envelope, 'utf8')));
}

/**
 * Every dead letter this key (or a previous key) can read, oldest first; unreadable files are skipped
 * with a WARN and told to `onUnreadable`.
 */
export async function* readDeadLetters(ctx: QueueContext, onUnreadable: (name: string) => void = () => {}): AsyncGenerator<DeadLetter> {
  const dir = join(ctx.bufferDir, DEAD_LETTER_DIR);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.entry')).sort();
  for (const name of names) {
    const bytes = await readFile(join(dir, name)).catch(() => undefined);
    const plaintext = bytes && decryptEntry(ctx.readKeys, bytes);
    const envelope = plaintext ? parseEnvelope(plaintext.toString('utf8')) : undefined;
    if (!envelope) {
      if (bytes) {
        ctx.log('warn', 'vaxelia: a dead-letter file could not be read with the configured keys; left in place', { file: name });
        onUnreadable(name);
      }
      continue;
    }
    yield { name, ...envelope };
  }
}

export async function removeDeadLetter(ctx: QueueContext, name: string): Promise<void> {
  if (basename(name) !== name || !name.endsWith('.entry')) throw new RangeError('not a dead-letter file name');
  await unlink(join(ctx.bufferDir, DEAD_LETTER_DIR, name));
}

function parseEnvelope(text: string): Omit<DeadLetter, 'name'> | undefined {
  try {
    const e = JSON.parse(text) as Record<string, unknown>;
    if (typeof e.body !== 'string' || typeof e.status !== 'number') return undefined;
    return {
      status: e.status,
      reason: typeof e.reason === 'string' ? e.reason : '',
      deadLetteredAt: typeof e.deadLetteredAt === 'string' ? e.deadLetteredAt : '',
      enqueuedAt: typeof e.enqueuedAt === 'string' ? e.enqueuedAt : '',
      body: e.body,
    };
  } catch {
    return undefined;
  }
}
