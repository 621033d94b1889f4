import { type FileHandle, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir, FILE_MODE, fsyncDir, isErrno, writeFileDurably } from '../queue/secure-fs.js';

const ID_BYTES = 16;
/** Decision ids as `decisionIdFor` prints them (lower case), so they round-trip through 16 bytes. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The decision ids a gateway's chain has recorded, on disk, so that a Collector's retry of a
 * request whose acknowledgement a crash swallowed is not chained a second time — even after the
 * queue segment that held those decisions was delivered and deleted (the OTLP exporters retry
 * network errors for several seconds, across more than one gateway restart).
 *
 * One journal per chain (the chain lock makes this process its only writer): 16 raw bytes per id,
 * in two generations of at most `capacity` ids each. Appends are not fsynced — the page cache
 * survives a `kill -9` — but `sync()` runs before the queue deletes a segment, so after a power
 * loss every recorded id is still in a segment or in the synced journal. Ids are not content: a
 * decision id is a UUIDv5 of the trace and span ids.
 */
export class RecordedIdsJournal {
  private handle: FileHandle | undefined;
  private count = 0;
  private writes: Promise<void> = Promise.resolve();
  private failed = false;

  private constructor(
    private readonly path: string,
    private readonly capacity: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /**
   * Opens the journal of `chainId`, returns the ids it held, and rewrites it as one synced
   * generation holding those plus `alsoKnown` (the ids found in the queue's segments), so that
   * ids known only from segments survive the segments' deletion.
   */
  static async open(options: {
    dir: string;
    chainId: string;
    capacity: number;
    alsoKnown: Iterable<string>;
    onError: (error: unknown) => void;
  }): Promise<{ journal: RecordedIdsJournal; ids: string[] }> {
    await ensurePrivateDir(options.dir);
    const path = join(options.dir, `${options.chainId}.ids`);
    const ids = [...(await readIds(`${path}.old`)), ...(await readIds(path))];
    const known = new Set(ids);
    for (const id of options.alsoKnown) if (UUID.test(id)) known.add(id);
    // The newest `capacity` ids in one generation: what a restarted gateway needs, no more.
    const keep = [...known].slice(-options.capacity);
    const journal = new RecordedIdsJournal(path, options.capacity, options.onError);
    try {
      // Atomic replace, then the old generation goes: a crash in between only reads some ids twice.
      await writeFileDurably(path, encodeIds(keep));
      await unlink(`${path}.old`).catch((error: unknown) => {
        if (!isErrno(error, 'ENOENT')) throw error;
      });
      journal.count = keep.length;
    } catch (error) {
      // A full or read-only disk must not stop the gateway from starting and draining its backlog:
      // go on with the journal as it is (appends are tried, and fail with one ERROR).
      journal.report(error);
      journal.count = ids.length;
    }
    journal.handle = await open(path, 'a', FILE_MODE).catch((error: unknown) => {
      journal.report(error);
      return undefined;
    });
    return { journal, ids: keep };
  }

  /** Appends ids in the order given (one write). Never rejects: a failure is reported once. */
  append(ids: readonly string[]): Promise<void> {
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return this.writes;
    this.writes = this.writes.then(async () => {
      try {
        if (!this.handle) return;
        if (this.count + valid.length > this.capacity) await this.rotate();
        await this.handle.write(encodeIds(valid));
        this.count += valid.length;
      } catch (error) {
        this.report(error);
      }
    });
    return this.writes;
  }

  /** Waits for every append so far and makes them durable. */
  sync(): Promise<void> {
    this.writes = this.writes.then(async () => {
      try {
        await this.handle?.datasync();
      } catch (error) {
        this.report(error);
      }
    });
    return this.writes;
  }

  async close(): Promise<void> {
    await this.sync();
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => {});
  }

  /** The current generation becomes the old one (the oldest ids are dropped); a new one starts. */
  private async rotate(): Promise<void> {
    await this.handle!.datasync();
    await this.handle!.close();
    this.handle = undefined;
    await rename(this.path, `${this.path}.old`);
    this.handle = await open(this.path, 'w', FILE_MODE);
    await fsyncDir(join(this.path, '..'));
    this.count = 0;
  }

  report(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.onError(error);
  }
}

async function readIds(path: string): Promise<string[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  const ids: string[] = [];
  // A torn last id (a crash mid-write) is dropped: its request was not acknowledged either.
  for (let at = 0; at + ID_BYTES <= bytes.length; at += ID_BYTES) {
    const hex = bytes.toString('hex', at, at + ID_BYTES);
    ids.push(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`);
  }
  return ids;
}

function encodeIds(ids: readonly string[]): Buffer {
  const out = Buffer.allocUnsafe(ids.length * ID_BYTES);
  ids.forEach((id, i) => {
    out.write(id.replaceAll('-', ''), i * ID_BYTES, ID_BYTES, 'hex');
  });
  return out;
}
