// First: an older Node.js fails here with one clear line.
import './node-version-guard.js';
export type {
  AIDecision,
  ComplianceContext,
  DecisionAction,
  DecisionAgent,
  DecisionCheck,
  DecisionError,
  DecisionInput,
  DecisionOutput,
  DecisionService,
  DecisionSource,
  DecisionStatus,
  DecisionTool,
  DecisionUsage,
  Message,
  MessagePart,
  RedactionSummary,
  ToolDefinition,
} from './decision.js';
export {
  ConfigError,
  DecisionNotRecordedError,
  InvalidBufferKeyError,
  isVaxeliaError,
  MissingBufferKeyError,
  PermanentRejectionError,
  VaxeliaError,
} from './errors.js';
export type { LogRecordLike, SpanLike } from './otel-types.js';
export { isGenAISpan } from './mapping/is-gen-ai-span.js';
export { spanToDecision, type SpanToDecisionOptions } from './mapping/span-to-decision.js';
export { DECISION_ID_NAMESPACE, decisionIdFor } from './mapping/decision-id.js';
export { AI_SYSTEM_ID_ATTRIBUTE, COMPLIANCE_PREFIXES } from './mapping/compliance-context.js';
export { withComplianceContext } from './compliance-context-helper.js';
export { recordAction, recordCheck } from './checks/record-check.js';
export { ACTION_ATTRIBUTE, CHECKS_ATTRIBUTE, EVALUATION_EVENT } from './mapping/dialects/evaluations.js';
export { EVALUATION_OPERATION } from './mapping/evaluation-record.js';
export { DecisionLogSpanProcessor } from './processor/decision-log-span-processor.js';
export { DecisionRecordingSampler, type SamplerLike, type SamplingResultLike } from './sampling/decision-recording-sampler.js';
export { DecisionLogExporter, type ExportResult } from './processor/decision-log-exporter.js';
export { ComplianceReporter, type LoggedDecision, type ManualDecision } from './processor/compliance-reporter.js';
export type { DecisionLogOptions } from './pipeline/decision-log-options.js';
export type { ChainOptions, ContentMode, RedactionOptions, VaxeliaOptions } from './pipeline/vaxelia-options.js';
export type { DecisionSink } from './core/decision-sink.js';
export { InMemoryDecisionSink } from './pipeline/in-memory-sink.js';
export { ConsoleDecisionSink } from './pipeline/console-sink.js';
export type { Logger, LogLevel } from './core/logger.js';
export {
  CanonicalizationError,
  canonicalize,
  CHECKPOINT_OPERATION,
  ChainLockedError,
  computeRecordHash,
  createChainVerifier,
  generateSigningKeyPair,
  GENESIS_HASH,
  InvalidSigningKeyError,
  isCheckpointRecord,
  merkleRoot,
  NOT_LEGAL_ADVICE,
  publicKeyFingerprint,
  verifyChain,
  type ChainCheckpoint,
  type ChainedDecision,
  type ChainHead,
  type ChainProblem,
  type ChainProblemKind,
  type ChainSummary,
  type ChainVerifier,
  type VerifyChainOptions,
  type VerifyChainResult,
} from './chain/index.js';
export {
  createRedactor,
  REDACTION_FAILED,
  redactDecision,
  type BuiltinPiiType,
  type CustomDetector,
  type PiiSpan,
  type RedactDecisionOptions,
  type RedactionResult,
  type Redactor,
  type RedactorOptions,
  type ReplacementMode,
} from './redaction/index.js';
