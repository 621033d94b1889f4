import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENV, readEnv } from '../config/env.js';

/**
 * The buffer directory:
 *
 *   segments/<ownerId>/<segmentId>.seg   append-only segment files, one owner directory per process
 *   acks/<segmentId>.ack                 offsets of delivered entries (u32 BE each)
 *   dead-letter/                         entries the endpoint rejected for good (encrypted envelopes)
 *   quarantine/                          bytes that failed authentication or framing, kept for a person
 *   chains/                              the chain writer's head files (src/chain)
 */
export const SEGMENTS_DIR = 'segments';
export const ACKS_DIR = 'acks';
export const DEAD_LETTER_DIR = 'dead-letter';
export const QUARANTINE_DIR = 'quarantine';

export const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export function resolveBufferDir(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env === process.env ? readEnv(ENV.bufferDir) : env[ENV.bufferDir]?.trim() || undefined;
  return option ?? fromEnv ?? join(tmpdir(), 'vaxelia-ai-buffer');
}
