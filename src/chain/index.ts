export { canonicalize } from './format/canonical-json.js';
export {
  CanonicalizationError,
  ChainLockedError,
  InvalidSigningKeyError,
  isCanonicalizationError,
} from './format/chain-errors.js';
export type { ChainWriter, ChainWriterOptions } from './writer/chain-writer.js';
export { createChainWriter } from './writer/chain-writer.js';
export type { ChainCheckpoint, ChainedDecision } from './format/checkpoint.js';
export { CHECKPOINT_OPERATION, isCheckpointRecord } from './format/checkpoint.js';
export type { EvidenceControl, EvidenceFramework, EvidenceLine, EvidencePackHeader } from './evidence-pack.js';
export {
  buildEvidencePack,
  controlsFor,
  createEvidenceHeader,
  evidenceHeaderLine,
  evidenceRecordLine,
  NOT_LEGAL_ADVICE,
  readEvidenceLine,
} from './evidence-pack.js';
export { merkleRoot } from './format/merkle.js';
export { computeRecordHash, GENESIS_HASH } from './format/record-hash.js';
export {
  generateSigningKeyPair,
  parsePublicKey,
  parseSigningKey,
  publicKeyFingerprint,
} from './format/signing-keys.js';
export type {
  ChainHead,
  ChainProblem,
  ChainProblemKind,
  ChainSummary,
  ChainVerifier,
  VerifyChainOptions,
  VerifyChainResult,
} from './verify/verify-chain.js';
export { createChainVerifier, verifyChain } from './verify/verify-chain.js';
