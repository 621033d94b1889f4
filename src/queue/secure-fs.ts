import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Directories of the buffer are private to the user: 0700. */
export const DIR_MODE = 0o700;
/** Files of the buffer are private to the user: 0600. */
export const FILE_MODE = 0o600;

export async function ensurePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: DIR_MODE });
  // mkdir does not change an existing directory, and the umask may have widened nothing but a
  // directory created by someone else could be wider: tighten it.
  await chmod(path, DIR_MODE);
}

/** fsync a directory so a created, renamed or removed entry survives a power loss. */
export async function fsyncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a file durably and atomically (temp file, fsync, rename, fsync dir); readers skip `.tmp-`. */
export async function writeFileDurably(path: string, data: Buffer): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx', FILE_MODE);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await fsyncDir(dir);
}

export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
