import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { InvalidSigningKeyError } from './chain-errors.js';

// DER prefixes that turn a raw 32-byte Ed25519 seed / public key into PKCS#8 / SPKI (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * An Ed25519 private key from PKCS#8 PEM or base64 of the raw 32-byte seed (the two forms
 * `signingKey` / VAXELIA_SIGNING_KEY accept). The message never contains the key.
 */
export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.includes('-----BEGIN')) {
      key = createPrivateKey({ key: trimmed, format: 'pem' });
    } else {
      const seed = decodeBase64Exact(trimmed, 32);
      if (seed === undefined) throw new Error('not base64 of 32 bytes');
      key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    }
  } catch {
    // No `cause`: a parser error could quote the key material.
    throw new InvalidSigningKeyError(
      'signing key (option `signingKey` / VAXELIA_SIGNING_KEY)',
      'expected an Ed25519 PKCS#8 PEM or base64 of a raw 32-byte seed',
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new InvalidSigningKeyError('signing key (option `signingKey` / VAXELIA_SIGNING_KEY)', 'not an Ed25519 key');
  }
  return key;
}

/** An Ed25519 public key from SPKI PEM, a private key PEM (its public half), or base64 of the raw 32 bytes. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.includes('-----BEGIN')) {
      key = createPublicKey({ key: trimmed, format: 'pem' });
    } else {
      const raw = decodeBase64Exact(trimmed, 32);
      if (raw === undefined) throw new Error('not base64 of 32 bytes');
      key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
    }
  } catch {
    throw new InvalidSigningKeyError('public key', 'expected an Ed25519 SPKI PEM or base64 of the raw 32-byte key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InvalidSigningKeyError('public key', 'not an Ed25519 key');
  return key;
}

/** A fresh Ed25519 key pair: base64 seed and PKCS#8 PEM of the private key, SPKI PEM of the public key. */
export function generateSigningKeyPair(): { privateKeySeed: string; privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    privateKeySeed: der.subarray(PKCS8_ED25519_PREFIX.length).toString('base64'),
    privateKeyPem: String(privateKey.export({ format: 'pem', type: 'pkcs8' })),
    publicKeyPem: String(publicKey.export({ format: 'pem', type: 'spki' })),
  };
}

/** `SHA256:<hex>` of the raw 32-byte public key: a short, stable name for a key in reports. */
export function publicKeyFingerprint(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const raw = pub.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX.length);
  return `SHA256:${createHash('sha256').update(raw).digest('hex')}`;
}

/** DESIGN.md §5: base64 Ed25519 signature over the 32 raw bytes of the hex digest. */
export function signDigest(hashHex: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(hashHex, 'hex'), privateKey).toString('base64');
}

export function verifyDigest(hashHex: string, signature: string, publicKey: KeyObject): boolean {
  const sig = Buffer.from(signature, 'base64');
  if (sig.length !== 64) return false;
  try {
    return verify(null, Buffer.from(hashHex, 'hex'), publicKey, sig);
  } catch {
    return false;
  }
}

function decodeBase64Exact(text: string, length: number): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === length ? bytes : undefined;
}
