import type { DecisionStore } from './decision-store.js';

export interface ServerOptions {
  /** TCP port; `0` picks a free one. @defaultValue 8787 */
  port?: number;
  /** Interface to listen on. Anything but loopback exposes the log: set `apiKey`. @defaultValue `'127.0.0.1'` */
  host?: string;
  /**
   * SQLite database file (created with its schema when missing). `':memory:'` keeps nothing after
   * `close()`: for tests only. @defaultValue `':memory:'`
   */
  dbPath?: string;
  /**
   * Bearer token every request but `GET /healthz` must present (`Authorization: Bearer <key>`; the
   * report also accepts HTTP Basic with the key as password, so browsers can open it). Without it
   * the server is open: keep it on loopback. @defaultValue none
   */
  apiKey?: string;
  /** Largest accepted POST body; larger ones get 413. @defaultValue 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /** A request (headers and body) must arrive within this time, else 408 and the connection closes. @defaultValue 30000 */
  requestTimeoutMs?: number;
  /** Open connections at most; more are closed as they arrive (slow-drip floods cannot exhaust the process). @defaultValue 512 */
  maxConnections?: number;
  /** Called with one line per notable event (never content, never the key). @defaultValue silent */
  log?: (line: string) => void;
}

/** A running reference decision-log server. */
export interface DecisionLogServer {
  /** `http://host:port`; POST decisions to `${url}/v1/decisions`. */
  readonly url: string;
  readonly port: number;
  /** The storage layer (tests insert through it directly). */
  readonly db: DecisionStore;
  /** Stops accepting connections, finishes in-flight requests, commits, closes the database. Idempotent. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_CONNECTIONS = 512;
