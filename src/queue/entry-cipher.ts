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

function encryptEntryParts(key: Buffer, plaintext: Buffer | string): Buffer[] {
  const nonce = nextNonce();
  const cipher = createCipheriv('aes-256-gcm', keyObjectOf(key), nonce);
  const body = typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
  cipher.final(); // GCM is a stream mode: final() emits no bytes, it computes the tag
  return [nonce, body, cipher.getAuthTag()];
}

/** Bytes of the entry that encrypts `plaintextBytes` bytes: nonce ‖ ciphertext ‖ tag. */
export function entryBytes(plaintextBytes: number): number {
  return NONCE_BYTES + plaintextBytes + TAG_BYTES;
}

/**
 * The same entry, encrypted straight into `target` at `offset` (which must have room for
 * `entryBytes(Buffer.byteLength(plaintext))`); returns the bytes written. The queue stages a
 * group's entries this way in one reused buffer: nothing per entry stays allocated until the fsync.
 */
export function encryptEntryInto(key: Buffer, plaintext: string, target: Buffer, offset: number): number {
  takeNonce(target, offset);
  const cipher = createCipheriv('aes-256-gcm', keyObjectOf(key), target.subarray(offset, offset + NONCE_BYTES));
  const body = cipher.update(plaintext, 'utf8');
  cipher.final();
  const end = offset + NONCE_BYTES + body.length + TAG_BYTES;
  if (end > target.length) throw new RangeError('encryptEntryInto: target too small');
  body.copy(target, offset + NONCE_BYTES);
  cipher.getAuthTag().copy(target, end - TAG_BYTES);
  return end - offset;
}

// One CSPRNG call per 4096 nonces instead of one per entry (the per-call overhead dominated the
// append path). Each nonce is still 96 fresh random bits, used once.
const NONCE_POOL = Buffer.alloc(NONCE_BYTES * 4096);
let noncePos = NONCE_POOL.length;

function nextNonce(): Buffer {
  const nonce = Buffer.allocUnsafe(NONCE_BYTES);
  takeNonce(nonce, 0);
  return nonce;
}

function takeNonce(target: Buffer, offset: number): void {
  if (noncePos >= NONCE_POOL.length) {
    randomFillSync(NONCE_POOL);
    noncePos = 0;
  }
  NONCE_POOL.copy(target, offset, noncePos, noncePos + NONCE_BYTES);
  noncePos += NONCE_BYTES;
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
