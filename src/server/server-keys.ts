import { readEnv } from '../config/env.js';
import { ConfigError } from '../errors.js';
import { ENV_INGEST_KEY, ENV_READ_KEY, type ServerOptions } from './server-options.js';

/**
 * The two credentials, option first, then environment. An empty key is a configuration error, never
 * "no auth"; one key for both would let the report password post decisions, so it is refused.
 */
export function resolveKeys(options: ServerOptions): { ingestKey: string | undefined; readKey: string | undefined } {
  const ingestKey = options.ingestKey ?? readEnv(ENV_INGEST_KEY);
  const readKey = options.readKey ?? readEnv(ENV_READ_KEY);
  if (ingestKey !== undefined && ingestKey.trim() === '') throw new ConfigError(`ingestKey (${ENV_INGEST_KEY}) must not be empty`);
  if (readKey !== undefined && readKey.trim() === '') throw new ConfigError(`readKey (${ENV_READ_KEY}) must not be empty`);
  if ((ingestKey === undefined) !== (readKey === undefined)) {
    const missing = ingestKey === undefined ? `ingestKey (${ENV_INGEST_KEY})` : `readKey (${ENV_READ_KEY})`;
    throw new ConfigError(`${missing} is not set: set both keys, or neither for an open server on loopback`);
  }
  if (ingestKey !== undefined && ingestKey === readKey) {
    throw new ConfigError(`ingestKey (${ENV_INGEST_KEY}) and readKey (${ENV_READ_KEY}) must differ: a writer must not read, a reader must not write`);
  }
  return { ingestKey, readKey };
}
