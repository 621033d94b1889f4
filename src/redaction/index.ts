export type { ContentMode, RedactDecisionOptions } from './redact-decision.js';
export { redactDecision } from './redact-decision.js';
export { createRedactor } from './redactor.js';
export type {
  BuiltinPiiType,
  CustomDetector,
  PiiSpan,
  RedactionResult,
  Redactor,
  RedactorOptions,
  ReplacementMode,
} from './types.js';
export { REDACTION_FAILED } from './types.js';
