export { canonicalize } from './canonical-json.js';
export {
  CanonicalizationError,
  ChainLockedError,
  InvalidSigningKeyError,
  isCanonicalizationError,
} from './chain-errors.js';
export type { ChainWriter, ChainWriterOptions } from './chain-writer.js';
export { createChainWriter } from './chain-writer.js';
export type { ChainCheckpoint, ChainedDecision } from './checkpoint.js';
export { CHECKPOINT_OPERATION, isCheckpointRecord } from './checkpoint.js';
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
export { merkleRoot } from './merkle.js';
export { computeRecordHash, GENESIS_HASH } from './record-hash.js';
export {
  generateSigningKeyPair,
  parsePublicKey,
  parseSigningKey,
  publicKeyFingerprint,
} from './signing-keys.js';
export type {
  ChainHead,
  ChainProblem,
  ChainProblemKind,
  ChainSummary,
  ChainVerifier,
  VerifyChainOptions,
  VerifyChainResult,
} from './verify-chain.js';
export { createChainVerifier, verifyChain } from './verify-chain.js';
