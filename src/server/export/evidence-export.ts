import type { DatabaseSync } from 'node:sqlite';
import { controlsFor, createEvidenceHeader, evidenceHeaderLine } from '../../chain/evidence-pack.js';
import { createChainVerifier, type VerifyChainResult } from '../../chain/verify/verify-chain.js';
import type { DecisionFilter } from '../decision-filter.js';
import { exportSelection } from './export-selection.js';

/** Verifies an export's lines with the same checker as `vaxelia-otel verify`. */
export function verifySelection(db: DatabaseSync, filter: DecisionFilter): VerifyChainResult {
  const verifier = createChainVerifier();
  for (const { line } of exportSelection(db, filter)) verifier.add(JSON.parse(line) as unknown);
  return verifier.result();
}

/**
 * The selection as an evidence pack (src/chain/evidence-pack.ts): a header carrying the
 * verification of exactly these lines and the chain heads, then one wrapped record per line; the
 * wrapper says whether the filter selected the record or it is chain context. Two passes over the
 * database (verify, then write), so the pack is never held in memory.
 */
export function* evidencePackLines(db: DatabaseSync, filter: DecisionFilter, source: string, now?: () => number): Generator<string> {
  const verification = verifySelection(db, filter);
  yield evidenceHeaderLine(createEvidenceHeader(verification, { source, signaturesChecked: false, ...(now ? { now } : {}) }));
  for (const { line, selected } of exportSelection(db, filter)) {
    const annotation = JSON.stringify({ controls: controlsFor(JSON.parse(line) as unknown), selected });
    yield `{"vaxeliaEvidence":${annotation},"record":${line}}`;
  }
}
