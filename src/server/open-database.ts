import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrations.js';

// Loaded at run time rather than imported: the bundler rewrites `node:x` imports to `x`, and
// `node:sqlite` exists only with its prefix. It also keeps the module out of the core entry.
function sqlite(): typeof import('node:sqlite') {
  const mod = process.getBuiltinModule?.('node:sqlite') as typeof import('node:sqlite') | undefined;
  if (!mod) throw new Error('the decision-log server needs node:sqlite: Node.js >= 22.13 (or 23.4)');
  return mod;
}

/**
 * Opens (creating if needed) the decision log. WAL lets readers (exports, the report) run beside
 * the writer; `synchronous = FULL` makes every acknowledged commit durable, since a 2xx tells the
 * exporter it may forget the record. The ingest path batches commits, so the fsync is shared.
 */
export function openDatabase(path: string): DatabaseSync {
  const onDisk = path !== ':memory:' && path !== '';
  // The log holds decision content: create it private to the owner (WAL/SHM files inherit the mode).
  if (onDisk && !existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  if (onDisk) chmodSync(path, 0o600);
  const db = new (sqlite().DatabaseSync)(path);
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    if (onDisk) db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
