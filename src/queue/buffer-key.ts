import { ENV, readEnv } from '../config/env.js';
import { InvalidBufferKeyError, MissingBufferKeyError } from '../errors.js';

/** Environment variable holding comma-separated previous buffer keys (read-only after a rotation). */
export const PREVIOUS_BUFFER_KEYS_ENV = 'VAXELIA_BUFFER_PREVIOUS_KEYS';

/**
 * Decodes a base64 AES-256 key. Fails closed: never returns a short or padded key, and the error
 * names the option and variable, never the value.
 */
export function parseBufferKey(value: string | Uint8Array, label = 'bufferKey'): Buffer {
  if (typeof value !== 'string') {
    if (value.byteLength !== 32) throw new InvalidBufferKeyError(`${label} must be exactly 32 bytes`);
    return Buffer.from(value);
  }
  const text = value.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) throw new InvalidBufferKeyError(`${label} is not base64`);
  const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) throw new InvalidBufferKeyError(`${label} must decode to exactly 32 bytes`);
  return key;
}

/** `option ?? VAXELIA_BUFFER_KEY`, validated; a missing key is an error (buffering is on). */
export function resolveBufferKey(option: string | Uint8Array | undefined, env: NodeJS.ProcessEnv = process.env): Buffer {
  const raw = option ?? envValue(env, ENV.bufferKey);
  if (raw === undefined) throw new MissingBufferKeyError();
  return parseBufferKey(raw);
}

/** `option ?? VAXELIA_BUFFER_PREVIOUS_KEYS` (comma-separated), validated. */
export function resolvePreviousKeys(
  option: readonly (string | Uint8Array)[] | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Buffer[] {
  const raw = option ?? envValue(env, PREVIOUS_BUFFER_KEYS_ENV)?.split(',').filter((k) => k.trim() !== '');
  return (raw ?? []).map((k) => parseBufferKey(k, 'previousKeys'));
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  if (env === process.env) return readEnv(name);
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
