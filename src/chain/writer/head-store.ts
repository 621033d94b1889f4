import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, rename, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MerkleSubtree } from '../format/merkle.js';
import { isHashHex } from '../format/record-hash.js';

/** What `<dir>/chains/<chainId>.json` holds: enough to continue the chain and its checkpoint range. */
export interface PersistedHead {
  version: 1;
  chainId: string;
  /** Last seq written, `-1` for a chain with no record yet. */
  seq: number;
  hash: string;
  /**
   * Merkle frontier of the whole chain from seq 0 (the tree the checkpoint notes sign). Absent when
   * the writer no longer knows every record hash (a head advanced past records it never saw, or a
   * head file from before notes): its checkpoints then carry no note.
   */
  tree?: MerkleSubtree[];
  checkpoint: {
    /** First seq of the open checkpoint range. */
    firstSeq: number;
    /** Merkle frontier of the open range. */
    frontier: MerkleSubtree[];
    /** Records appended since the last checkpoint record. */
    pending: number;
    /** `now()` of the last checkpoint (or of the chain's start). */
    lastAtMs: number;
    /** The last record is a final checkpoint. */
    sealed: boolean;
  };
}

export function readHeadSync(path: string): PersistedHead | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as PersistedHead;
  if (
    parsed?.version !== 1 ||
    typeof parsed.chainId !== 'string' ||
    !Number.isSafeInteger(parsed.seq) ||
    (!isHashHex(parsed.hash) && parsed.seq >= 0) ||
    typeof parsed.checkpoint !== 'object'
  ) {
    throw new Error(`unrecognised chain head file ${path}`);
  }
  return parsed;
}

/** tmp file + fsync + rename + directory fsync: after a crash the file is the old or the new head, whole. */
export async function writeHeadAtomic(path: string, head: PersistedHead): Promise<void> {
  // The buffer directory may have been deleted under a running process: recreate it, private.
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(tmp, 'w', 0o600);
  try {
    await file.writeFile(`${JSON.stringify(head)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
