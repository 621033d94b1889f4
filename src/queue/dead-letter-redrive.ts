import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveBufferKey, resolvePreviousKeys } from './buffer-key.js';
import { DEAD_LETTER_DIR, type EncryptedQueue } from './encrypted-queue.js';
import { decryptEntry } from './entry-cipher.js';
import { fsyncDir, isErrno } from './secure-fs.js';

export interface RedriveOptions {
  /** The buffer directory whose `dead-letter/` folder is read. */
  bufferDir: string;
  /** Current key (base64) and keys of earlier rotations; as the queue resolves them. */
  bufferKey?: string;
  previousKeys?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Only entries dead-lettered with these HTTP statuses. @defaultValue every entry */
  statuses?: readonly number[];
}

export interface RedriveResult {
  /** Put back into the queue (and removed from the dead-letter folder). */
  redriven: number;
  /** Left alone: another status than asked for. */
  skipped: number;
  /** Left alone: not readable with the keys given (another key, or damaged). */
  unreadable: number;
}

/**
 * Puts dead-lettered decisions back into the queue after a fix (a key, a URL, the endpoint's
 * validation). Each body goes back byte for byte — the same record, the same chain hash and seq —
 * through the queue's own durable append; only once that append is on disk is the dead-letter file
 * removed. A crash in between leaves the decision both queued and dead-lettered: a second redrive
 * queues it again and the endpoint deduplicates it by its Idempotency-Key (the decisionId).
 */
export async function redriveDeadLetters(queue: EncryptedQueue, options: RedriveOptions): Promise<RedriveResult> {
  const env = options.env ?? process.env;
  const keys = [resolveBufferKey(options.bufferKey, env), ...resolvePreviousKeys(options.previousKeys, env)];
  const folder = join(options.bufferDir, DEAD_LETTER_DIR);
  const result: RedriveResult = { redriven: 0, skipped: 0, unreadable: 0 };
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith('.entry')).sort();
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return result;
    throw error;
  }
  for (const name of names) {
    // <deadLetteredAt>-<status>-<segment>-<offset>.entry
    const status = Number(name.split('-')[1]);
    if (options.statuses && !options.statuses.includes(status)) {
      result.skipped++;
      continue;
    }
    const path = join(folder, name);
    const body = readBody(decryptEntry(keys, await readFile(path)));
    if (body === undefined) {
      result.unreadable++;
      continue;
    }
    await queue.append([body]); // resolves once durable (group commit + fsync)
    await unlink(path);
    result.redriven++;
  }
  if (result.redriven > 0) await fsyncDir(folder);
  return result;
}

function readBody(plaintext: Buffer | undefined): string | undefined {
  if (plaintext === undefined) return undefined;
  try {
    const envelope = JSON.parse(plaintext.toString('utf8')) as { body?: unknown };
    return typeof envelope.body === 'string' ? envelope.body : undefined;
  } catch {
    return undefined;
  }
}
