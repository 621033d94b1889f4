import { createPublicKey, hash, type KeyObject, sign, verify } from 'node:crypto';

/**
 * C2SP signed-note (https://c2sp.org/signed-note), Ed25519 signatures only — what Go's
 * golang.org/x/mod/sumdb/note reads and writes. A note is a text ending in a newline, a blank line,
 * then signature lines `— <key name> base64(key ID ‖ signature)`. The Ed25519 signature is over the
 * text (final newline included); key ID = first 4 bytes of SHA-256(key name ‖ "\n" ‖ 0x01 ‖ public
 * key), read big-endian. Signing and verifying are node:crypto's.
 */

/** Signature type byte of Ed25519 note signatures. */
const ED25519_TYPE = 0x01;
const EM_DASH = '\u2014';
const SPKI_ED25519_PREFIX_LENGTH = 12;

/** A key name: non-empty, no Unicode space, no `+` (it separates the parts of a verifier key). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** The 32 raw bytes of an Ed25519 public key (or of the public half of a private key). */
export function rawPublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX_LENGTH);
}

/** key ID = SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)[:4], as an unsigned 32-bit integer. */
export function noteKeyId(name: string, publicKey: Buffer): number {
  const digest = hash('sha256', Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([ED25519_TYPE]), publicKey]), 'buffer');
  return digest.readUInt32BE(0);
}

/** The verifier key in the note `vkey` format: `<name>+<key ID, 8 hex digits>+base64(0x01 ‖ public key)`. */
export function formatVerifierKey(name: string, key: KeyObject): string {
  const raw = rawPublicKey(key);
  const id = noteKeyId(name, raw).toString(16).padStart(8, '0');
  return `${name}+${id}+${Buffer.concat([Buffer.from([ED25519_TYPE]), raw]).toString('base64')}`;
}

/** One signature line of a note, decoded. */
export interface NoteSignature {
  name: string;
  keyId: number;
  signature: Buffer;
}

/** A note's text (final newline included) and its signature lines. */
export interface ParsedNote {
  text: string;
  signatures: NoteSignature[];
}

/** Signs `text` (which must end in a newline) with `privateKey` under key name `name`: the whole note. */
export function signNote(text: string, name: string, privateKey: KeyObject): string {
  if (!text.endsWith('\n')) throw new Error('note text must end with a newline');
  if (!isValidKeyName(name)) throw new Error(`note key name '${name}' is empty or holds a space or '+'`);
  const id = Buffer.alloc(4);
  id.writeUInt32BE(noteKeyId(name, rawPublicKey(privateKey)));
  const signature = sign(null, Buffer.from(text, 'utf8'), privateKey);
  return `${text}\n${EM_DASH} ${name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

/** A note split into text and signatures, or a reason it is not one. */
export function parseNote(note: string): ParsedNote | { error: string } {
  // Valid UTF-8 is given (a JS string); no control characters but newline.
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) return { error: 'note holds a control character' };
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return { error: 'note has no blank line before its signatures' };
  const text = note.slice(0, split + 1);
  const signatures: NoteSignature[] = [];
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/.exec(line);
    if (!match || match[1]!.includes('+')) return { error: `malformed signature line '${line}'` };
    const bytes = Buffer.from(match[2]!, 'base64');
    if (bytes.length < 5) return { error: 'signature too short' };
    signatures.push({ name: match[1]!, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) });
  }
  return { text, signatures };
}

/**
 * Whether `note` carries a valid Ed25519 signature by `publicKey` under key name `name`. As the
 * spec requires: signatures by other keys are ignored, and one by this key that fails rejects it.
 */
export function verifyNote(note: ParsedNote, name: string, publicKey: KeyObject): boolean {
  const raw = rawPublicKey(publicKey);
  const id = noteKeyId(name, raw);
  const ours = note.signatures.filter((s) => s.name === name && s.keyId === id);
  if (ours.length === 0) return false;
  return ours.every((s) => s.signature.length === 64 && verify(null, Buffer.from(note.text, 'utf8'), publicKey, s.signature));
}
