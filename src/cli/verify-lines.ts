import type { KeyObject } from 'node:crypto';
import { readEvidenceLine } from '../chain/evidence-pack.js';
import { verifyDigest } from '../chain/format/signing-keys.js';
import { isRecordFacts, type RecordFacts, readRecord } from '../chain/verify/record-facts.js';
import type { ChainHead, ChainProblem } from '../chain/verify/verify-types.js';
import type { ChainVerifier } from '../chain/verify/verify-chain.js';

/** What one line of a decision log or evidence pack gives the verifier. */
export type LineResult = { facts: RecordFacts } | { problem: ChainProblem } | { heads: ChainHead[] };

/** Which signatures to check while reading (in a worker, where it runs in parallel). */
export interface LineSignatureCheck {
  publicKey: KeyObject;
  /** Every record's, or only checkpoint records' (the tail after the last is checked later). */
  all: boolean;
}

/**
 * The lines of `text` (whole lines, the first numbered `firstLineNo`): each parsed, an evidence
 * pack's header turned into expected heads and its wrapped records unwrapped, each record read with
 * `readRecord`. Blank lines give nothing; a line that is not JSON gives a `malformed` problem.
 */
export function readLines(text: string, firstLineNo: number, signatures?: LineSignatureCheck): LineResult[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out: LineResult[] = [];
  for (let i = 0; i < lines.length; i++) {
    const result = readLine(lines[i]!, firstLineNo + i, signatures);
    if (result) out.push(result);
  }
  return out;
}

function readLine(line: string, lineNo: number, signatures: LineSignatureCheck | undefined): LineResult | undefined {
  if (isBlank(line)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: { chainId: '', seq: -1, kind: 'malformed', detail: `line ${lineNo}: not JSON` } };
  }
  const entry = readEvidenceLine(value);
  if (entry.type === 'header') {
    const chains = Array.isArray(entry.header.chains) ? entry.header.chains : [];
    return { heads: chains.map((c) => ({ chainId: c.chainId, seq: c.lastSeq, hash: c.head })) };
  }
  const read = readRecord(entry.record, `line ${lineNo}`);
  if (!isRecordFacts(read)) return { problem: read };
  if (signatures && (signatures.all || read.checkpoint)) {
    read.signatureValid = read.signature !== undefined && verifyDigest(read.hash, read.signature, signatures.publicKey);
  }
  return { facts: read };
}

/** Hands what {@link readLines} found to the verifier, in line order. */
export function applyLineResults(results: readonly LineResult[], verifier: ChainVerifier): void {
  for (const r of results) {
    if ('facts' in r) verifier.addFacts(r.facts);
    else if ('problem' in r) verifier.addProblem(r.problem);
    else verifier.expectHeads(r.heads);
  }
}

/** Blank or whitespace only. */
export function isBlank(line: string): boolean {
  return line.trim() === '';
}
