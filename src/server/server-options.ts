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
   * Bearer token that `POST /v1/decisions` requires: the exporters' key. It cannot read anything.
   * Without it anyone who reaches the port can write: keep the server on loopback.
   * Env `VAXELIA_SERVER_INGEST_KEY`. @defaultValue none
   */
  ingestKey?: string;
  /**
   * Bearer token every read requires (`GET /v1/…`, `/report`; browsers may send it as the HTTP
   * Basic password). It cannot write. Must differ from `ingestKey`. Without it anyone who reaches
   * the port can read the log: keep the server on loopback. Env `VAXELIA_SERVER_READ_KEY`.
   * `GET /healthz` and `GET /openapi.json` never need a key. @defaultValue none
   */
  readKey?: string;
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

export const ENV_INGEST_KEY = 'VAXELIA_SERVER_INGEST_KEY';
export const ENV_READ_KEY = 'VAXELIA_SERVER_READ_KEY';
