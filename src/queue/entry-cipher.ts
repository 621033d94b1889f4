import { createCipheriv, createDecipheriv, createHmac, createSecretKey, type KeyObject, randomFillSync } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

// A KeyObject per key, made once: handing raw key bytes to createCipheriv imports them anew for
// every entry, which showed in the append path's profile.
const keyObjects = new WeakMap<Buffer, KeyObject>();

function keyObjectOf(key: Buffer): KeyObject {
  let keyObject = keyObjects.get(key);
  if (!keyObject) {
    keyObject = createSecretKey(key);
    keyObjects.set(key, keyObject);
  }
  return keyObject;
}

/** Smallest possible entry: nonce ‖ empty ciphertext ‖ tag. */
export const MIN_ENTRY_BYTES = NONCE_BYTES + TAG_BYTES;

/**
 * One queued decision, encrypted on its own: 12-byte random nonce ‖ AES-256-GCM ciphertext ‖
 * 16-byte tag — the Python SDK's per-entry format (no associated data).
 */
export function encryptEntry(key: Buffer, plaintext: Buffer | string): Buffer {
  return Buffer.concat(encryptEntryParts(key, plaintext));
}

/**
 * The same entry as its parts `[nonce, ciphertext, tag]`, so a writer can hand them to `writev`
 * without another copy (the append path's allocation rate is what bounds its memory).
 */
export function encryptEntryParts(key: Buffer, plaintext: Buffer | string): Buffer[] {
  const nonce = nextNonce();
  const cipher = createCipheriv('aes-256-gcm', keyObjectOf(key), nonce);
  const body = typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
  cipher.final(); // GCM is a stream mode: final() emits no bytes, it computes the tag
  return [nonce, body, cipher.getAuthTag()];
}

// One CSPRNG call per 4096 nonces instead of one per entry (the per-call overhead dominated the
// append path). Each nonce is still 96 fresh random bits, used once.
const NONCE_POOL = Buffer.alloc(NONCE_BYTES * 4096);
let noncePos = NONCE_POOL.length;

function nextNonce(): Buffer {
  if (noncePos >= NONCE_POOL.length) {
    randomFillSync(NONCE_POOL);
    noncePos = 0;
  }
  const nonce = Buffer.from(NONCE_POOL.subarray(noncePos, noncePos + NONCE_BYTES));
  noncePos += NONCE_BYTES;
  return nonce;
}

/** Decrypts with the first key that authenticates the entry; `undefined` when none does. */
export function decryptEntry(keys: readonly Buffer[], entry: Buffer): Buffer | undefined {
  if (entry.length < MIN_ENTRY_BYTES) return undefined;
  const nonce = entry.subarray(0, NONCE_BYTES);
  const tag = entry.subarray(entry.length - TAG_BYTES);
  const body = entry.subarray(NONCE_BYTES, entry.length - TAG_BYTES);
  for (const key of keys) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', keyObjectOf(key), nonce);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      // wrong key or tampered entry: try the next key
    }
  }
  return undefined;
}

/**
 * A non-secret 8-byte fingerprint of a key, stored in each segment header so a reader can tell
 * "written with another key" (clear configuration error, nothing touched) from "tampered" (quarantine).
 */
export function keyIdOf(key: Buffer): Buffer {
  return createHmac('sha256', key).update('vaxelia-buffer-key-id/v1').digest().subarray(0, 8);
}
