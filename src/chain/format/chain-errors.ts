import { VaxeliaError } from '../../errors.js';

/**
 * A value cannot be serialised as RFC 8785 canonical JSON (NaN/Infinity, BigInt, a function, a
 * cycle, `undefined` inside an array, a lone surrogate…). A record that cannot be canonicalised is a
 * bug to surface, never a record to skip or to hash "approximately".
 */
export class CanonicalizationError extends VaxeliaError {
  override name = 'CanonicalizationError' as const;
  /** JSON-pointer-like path of the offending value, e.g. `/usage/latencyMs`. */
  readonly path: string;
  constructor(path: string, reason: string) {
    super('VAXELIA_CANONICALIZATION', `Cannot canonicalise value at ${path || '/'}: ${reason}`);
    this.path = path;
  }
}

/** Another live process holds the lock of the chain that was asked for explicitly. */
export class ChainLockedError extends VaxeliaError {
  override name = 'ChainLockedError' as const;
  readonly chainId: string;
  constructor(chainId: string, holder: string) {
    super('VAXELIA_CHAIN_LOCKED', `Chain ${chainId} is being written by another process (${holder}); two writers would fork it.`);
    this.chainId = chainId;
  }
}

/** The signing or verification key is neither a PEM key nor base64 of a raw 32-byte Ed25519 key. */
export class InvalidSigningKeyError extends VaxeliaError {
  override name = 'InvalidSigningKeyError' as const;
  constructor(what: string, reason: string) {
    super('VAXELIA_INVALID_SIGNING_KEY', `Invalid ${what}: ${reason}`);
  }
}

export function isCanonicalizationError(value: unknown): value is CanonicalizationError {
  return value instanceof CanonicalizationError;
}
