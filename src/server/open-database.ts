import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrations.js';

/**
 * Opens (creating if needed) the decision log. WAL lets readers (exports, the report) run beside
 * the writer; `synchronous = FULL` makes every acknowledged commit durable, since a 2xx tells the
 * exporter it may forget the record. The ingest path batches commits, so the fsync is shared.
 */
export function openDatabase(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    if (path !== ':memory:' && path !== '') db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
