/**
 * A worker thread of `vaxelia-otel verify` (dist/verify-worker.js): reads the lines of each chunk it
 * is sent — parse, canonicalise, hash, and check signatures — with the same `readLines` the main
 * thread uses when it runs alone, and posts the results back.
 */
import { createPublicKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { type LineSignatureCheck, readLines } from './verify-lines.js';

const data = workerData as { publicKeyDer?: Uint8Array; signAll: boolean };
const signatures: LineSignatureCheck | undefined =
  data.publicKeyDer === undefined
    ? undefined
    : { publicKey: createPublicKey({ key: Buffer.from(data.publicKeyDer), format: 'der', type: 'spki' }), all: data.signAll };

parentPort?.on('message', (message: { bytes: Uint8Array; firstLineNo: number }) => {
  const text = Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength).toString('utf8');
  parentPort!.postMessage(readLines(text, message.firstLineNo, signatures));
});
