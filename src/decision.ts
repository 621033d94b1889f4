/**
 * The AIDecision wire format (DESIGN.md §4): the JSON body of one POST to the decision-log endpoint.
 *
 * The core (`aiSystemId`, `modelUsed`, `input`, `output`, `status`, `decidedAt`) is byte-compatible
 * with the Python `vaxelia-ai-core` SDK; every other field is additive and omitted when the span
 * does not carry it (never `null`, so canonical JSON stays stable across SDKs).
 */

/**
 * One part of a message, in the GenAI semantic-convention shape. `type` is `text`, `reasoning`,
 * `tool_call` (`id`, `name`, `arguments`), `tool_call_response` (`id`, `response`), `blob`, `uri`,
 * `file`, or a type an instrumentation introduced (kept as recorded).
 */
export interface MessagePart {
  type: string;
  /** text and reasoning parts (and blob payloads). */
  content?: string;
  id?: string;
  name?: string;
  arguments?: unknown;
  response?: unknown;
  [key: string]: unknown;
}

export interface Message {
  role: string;
  parts: MessagePart[];
  /** Participant name, when the instrumentation recorded one. */
  name?: string;
  /** Output messages only. */
  finish_reason?: string;
}

export interface ToolDefinition {
  type: string;
  name: string;
  description?: string;
  parameters?: unknown;
}

export interface DecisionInput {
  messages: Message[];
  systemInstructions?: MessagePart[];
  toolDefinitions?: ToolDefinition[];
}

export interface DecisionOutput {
  messages: Message[];
}

export interface DecisionUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  /** Input tokens served from the provider's prompt cache. */
  cacheReadInputTokens?: number;
  /** Input tokens written into the provider's prompt cache. */
  cacheCreationInputTokens?: number;
  reasoningTokens?: number;
}

export interface DecisionError {
  type: string;
  message?: string;
}

export interface DecisionAgent {
  id?: string;
  name?: string;
  description?: string;
}

export interface DecisionTool {
  name: string;
  callId?: string;
  type?: string;
  description?: string;
}

export interface DecisionService {
  name?: string;
  version?: string;
  namespace?: string;
  instanceId?: string;
}

/** Where a decision came from: which instrumentation and which attribute dialect. */
export interface DecisionSource {
  scope?: string;
  scopeVersion?: string;
  dialects: string[];
}

/** Free-form compliance context the app attached (`vaxelia.*` attributes or baggage). */
export type ComplianceContext = Record<string, string | number | boolean | string[]>;

export interface RedactionSummary {
  mode: string;
  counts: Record<string, number>;
}

export type DecisionStatus = 'completed' | 'failed';

/**
 * One check that ran on a decision — a guardrail, an evaluator, a business rule — as the
 * OpenTelemetry `gen_ai.evaluation.result` event describes it, plus the threshold and verdict that
 * audit trails record. `explanation` is content: it is redacted like messages.
 */
export interface DecisionCheck {
  /** `gen_ai.evaluation.name`, e.g. `Relevance`, `toxicity`, `pii-guard`. */
  name: string;
  /** `gen_ai.evaluation.score.value`. */
  scoreValue?: number;
  /** `gen_ai.evaluation.score.label`, e.g. `pass`, `fail`, `relevant`. */
  scoreLabel?: string;
  /** The threshold the score was compared with, when the check has one. */
  threshold?: number;
  /** Whether the check triggered (a guardrail that blocked, an evaluator below its threshold). */
  fired?: boolean;
  /** `gen_ai.evaluation.explanation`. */
  explanation?: string;
  /** Who ran the check: the evaluator, guardrail library or instrumentation scope. */
  evaluator?: string;
  /** `error.type` when the check itself failed to run. */
  errorType?: string;
}

/**
 * What the system did with the model's answer after its checks: `allow`, `reject`, `escalate` (to a
 * person), `modify`, or an app-defined string.
 */
export type DecisionAction = 'allow' | 'reject' | 'escalate' | 'modify' | (string & {});

export interface AIDecision {
  aiSystemId: string;
  modelUsed: string;
  input: DecisionInput;
  output: DecisionOutput;
  status: DecisionStatus;
  /** ISO-8601 UTC of the span's end. */
  decidedAt: string;

  decisionId: string;
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;

  operation?: string;
  provider?: string;
  requestModel?: string;
  responseModel?: string;
  responseId?: string;
  finishReasons?: string[];
  usage?: DecisionUsage;
  latencyMs?: number;
  error?: DecisionError;
  conversationId?: string;
  agent?: DecisionAgent;
  tool?: DecisionTool;
  service?: DecisionService;
  source?: DecisionSource;

  policyContext?: ComplianceContext;
  humanOversight?: ComplianceContext;
  dataProvenance?: ComplianceContext;
  session?: ComplianceContext;

  /** The decision this one reviews, confirms or overrides (e.g. a human sign-off of an AI decision). */
  relatedDecisionId?: string;

  /** The checks that ran on this decision (guardrails, evaluations), in the order they were recorded. */
  checks?: DecisionCheck[];
  /** What the system then did: allowed, rejected, escalated or modified the answer. */
  action?: DecisionAction;

  /** What the mapper had to repair or could not read; never contains content. */
  mappingWarnings?: string[];
  redaction?: RedactionSummary;

  chainId?: string;
  seq?: number;
  prevHash?: string;
  hash?: string;
  signature?: string;
}
