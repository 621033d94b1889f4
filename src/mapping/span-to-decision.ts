import type { AIDecision, DecisionAgent, DecisionError, DecisionService, DecisionTool, Message, MessagePart } from '../decision.js';
import { hrTimeToMs, isoTimeOf, type LogRecordLike, type SpanLike } from '../otel-types.js';
import { firstString, readString, readStringArray } from './attribute-reader.js';
import { AI_SYSTEM_ID_ATTRIBUTE, readComplianceContext } from './compliance-context.js';
import type { ContentSlots } from './content-slots.js';
import { decisionIdFor } from './decision-id.js';
import type { DialectFacts } from './dialect-facts.js';
import { readChecksAndAction } from './dialects/evaluations.js';
import { fromLogRecord, fromSpanEvent, type GenAIEvent, readEventContent } from './dialects/log-events.js';
import { readLangfuse } from './dialects/langfuse.js';
import { hasLegacyContent, readLegacyContent } from './dialects/legacy-flattened.js';
import { readOpenInference } from './dialects/openinference.js';
import { isVertexSpan, providerOperation, repairVertexContent } from './dialects/provider-quirks.js';
import { readOpenInferenceCheck } from './dialects/openinference-checks.js';
import { readSemconvContent } from './dialects/semconv-attributes.js';
import { readToolExecutionContent } from './dialects/tool-execution.js';
import { isVercelWrapper, readVercelContent, vercelOperation, vercelOperationId } from './dialects/vercel-ai.js';
import { noContentWarning } from './content-warning.js';
import { isGenAISpan, isModelCallSpan } from './is-gen-ai-span.js';
import { MappingContext } from './mapping-context.js';
import { normaliseFinishReason } from './message-normalizer.js';
import { normaliseOperation, normaliseProvider } from './normalise.js';
import { DEFAULT_MAX_CONTENT_LENGTH, sanitizeString } from './sanitize.js';
import { readUsage } from './usage.js';

/** Operations that need not involve a model: a missing model is not worth a warning. */
const NO_MODEL_OPERATIONS = new Set(['execute_tool', 'invoke_agent', 'agent_step', 'guardrail', 'evaluation']);

export interface SpanToDecisionOptions {
  /** gen_ai log records correlated with this span (content the Logs API carried). */
  logRecords?: readonly LogRecordLike[];
  /** Used when the span carries no `vaxelia.ai_system_id`. @defaultValue the resource's `service.name` */
  aiSystemId?: string;
  /** `vaxelia.*` entries inherited from the context the span started in (baggage). */
  inheritedContext?: Readonly<Record<string, string>>;
  /** Longest content string kept; longer ones are cut with a marker. @defaultValue 32768 */
  maxContentLength?: number;
}

/**
 * Maps one finished span (plus its correlated gen_ai log events) to an unredacted, unchained
 * AIDecision, or `undefined` when the span is not an AI decision: not a GenAI span, or a wrapper
 * whose model calls have spans of their own (Vercel `ai.generateText` around `…doGenerate`).
 * Pure: reads the span, never mutates it.
 */
export function spanToDecision(span: SpanLike, options: SpanToDecisionOptions = {}): AIDecision | undefined {
  if (!isGenAISpan(span)) return undefined;
  const attributes = span.attributes ?? {};
  const operationId = vercelOperationId(attributes);
  if (isVercelWrapper(operationId)) return undefined;

  const ctx = new MappingContext(options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH);
  const spanContext = span.spanContext();

  const slots: ContentSlots = {};
  readSemconvContent(attributes, slots, ctx);
  const events = collectEvents(span, options.logRecords);
  readEventContent(events, slots, ctx);
  let legacyFinishReasons: string[] | undefined;
  if (hasLegacyContent(attributes)) legacyFinishReasons = readLegacyContent(attributes, slots, ctx);
  if (operationId !== undefined) readVercelContent(attributes, operationId, slots, ctx);
  // Dialects with their own vocabulary: their facts fill what the GenAI attributes leave open.
  const scopeName = (span.instrumentationScope ?? span.instrumentationLibrary)?.name;
  const facts: DialectFacts =
    readOpenInference(attributes, slots, ctx) ??
    readOpenInferenceCheck(attributes, span.name, scopeName, slots, ctx) ??
    readLangfuse(attributes, span.name, slots, ctx) ??
    {};
  const explicitOperation = readOperation(span, operationId, ctx);
  const operation = providerOperation(span, explicitOperation, ctx) ?? explicitOperation ?? facts.operation;
  if (isVertexSpan(span, ctx)) repairVertexContent(slots);
  if (operation === 'execute_tool') readToolExecutionContent(attributes, slots, ctx);

  const requestModel = firstString(attributes, ['gen_ai.request.model', 'ai.model.id'], ctx) ?? facts.requestModel;
  const responseModel = firstString(attributes, ['gen_ai.response.model', 'ai.response.model'], ctx) ?? facts.responseModel;
  const modelUsed = responseModel ?? requestModel ?? (NO_MODEL_OPERATIONS.has(operation ?? '') ? 'none' : undefined);
  if (modelUsed === undefined) ctx.warn('span names no model');

  const resource = span.resource?.attributes ?? {};
  const endMs = hrTimeToMs(span.endTime);
  const decidedAt = isoTimeOf(endMs);
  if (!decidedAt.valid) ctx.warn('span end time is invalid; recorded the mapping time instead');
  const status = isFailed(span) || facts.failure !== undefined ? 'failed' : 'completed';
  const decision: AIDecision = {
    aiSystemId: readString(attributes, AI_SYSTEM_ID_ATTRIBUTE, ctx) ?? options.aiSystemId ?? readString(resource, 'service.name') ?? 'unknown',
    modelUsed: modelUsed ?? 'unknown',
    input: { messages: slots.input ?? [] },
    output: { messages: slots.output ?? [] },
    status,
    decidedAt: decidedAt.iso,
    decisionId: decisionIdFor(spanContext.traceId, spanContext.spanId),
    traceId: spanContext.traceId,
    spanId: spanContext.spanId,
  };
  if (slots.systemInstructions) {
    decision.input.systemInstructions = slots.systemInstructions;
    decision.input.messages = withoutRepeatedSystemPrompt(decision.input.messages, slots.systemInstructions);
  }
  if (slots.toolDefinitions) decision.input.toolDefinitions = slots.toolDefinitions;

  const parentSpanId = span.parentSpanContext?.spanId ?? span.parentSpanId;
  if (parentSpanId) decision.parentSpanId = parentSpanId;
  if (operation) decision.operation = operation;
  const provider = firstString(attributes, ['gen_ai.provider.name', 'gen_ai.system', 'ai.model.provider'], ctx) ?? facts.provider;
  if (provider) decision.provider = normaliseProvider(provider);
  if (requestModel) decision.requestModel = requestModel;
  if (responseModel) decision.responseModel = responseModel;
  const responseId = firstString(attributes, ['gen_ai.response.id', 'ai.response.id'], ctx) ?? facts.responseId;
  if (responseId) decision.responseId = responseId;
  const finishReasons = readFinishReasons(span, legacyFinishReasons, ctx) ?? facts.finishReasons;
  if (finishReasons) decision.finishReasons = finishReasons;
  const usage = readUsage(attributes, ctx) ?? facts.usage;
  if (usage) decision.usage = usage;
  const latencyMs = Math.round((endMs - hrTimeToMs(span.startTime)) * 1000) / 1000;
  if (Number.isFinite(latencyMs) && latencyMs >= 0) decision.latencyMs = latencyMs;
  if (status === 'failed') decision.error = readError(span, facts, ctx);
  const conversationId = readString(attributes, 'gen_ai.conversation.id', ctx) ?? facts.conversationId;
  if (conversationId) decision.conversationId = conversationId;
  const agent = readAgent(attributes, ctx) ?? facts.agent;
  if (agent) decision.agent = agent;
  const tool = readTool(attributes, operation, ctx) ?? facts.tool;
  if (tool) decision.tool = tool;
  const service = readService(resource);
  if (service) decision.service = service;
  const scope = span.instrumentationScope ?? span.instrumentationLibrary;
  decision.source = { dialects: ctx.dialects };
  if (scope?.name) decision.source.scope = sanitizeString(String(scope.name), ctx);
  if (scope?.version) decision.source.scopeVersion = sanitizeString(String(scope.version), ctx);
  Object.assign(decision, readComplianceContext(attributes, options.inheritedContext, ctx));
  if (isModelCallSpan(attributes) && operation !== 'agent_step' && !hasContent(decision)) ctx.warn(noContentWarning(decision.source.scope, ctx.dialects));
  const verdict = readChecksAndAction(attributes, events, ctx);
  if (facts.checks) verdict.checks = [...facts.checks, ...(verdict.checks ?? [])];
  Object.assign(decision, verdict);
  if (ctx.warnings.length > 0) decision.mappingWarnings = ctx.warnings;
  return decision;
}

function readOperation(span: SpanLike, operationId: string | undefined, ctx: MappingContext): string | undefined {
  const explicit = firstString(span.attributes, ['gen_ai.operation.name', 'llm.request.type'], ctx);
  if (explicit) return normaliseOperation(explicit);
  if (operationId) return vercelOperation(operationId);
  // Last resort, the span-name convention `{operation} {model}`.
  const first = span.name.split(' ', 1)[0];
  return first && /^(chat|text_completion|embeddings|generate_content|execute_tool|invoke_agent|create_agent)$/.test(first) ? first : undefined;
}

function collectEvents(span: SpanLike, logRecords: readonly LogRecordLike[] | undefined): GenAIEvent[] {
  const events: GenAIEvent[] = [];
  if (logRecords) {
    for (const record of logRecords) {
      const event = fromLogRecord(record);
      if (event) events.push(event);
    }
  }
  if (span.events) {
    for (const spanEvent of span.events) {
      const event = fromSpanEvent(spanEvent);
      if (event) events.push(event);
    }
  }
  return events;
}

function isFailed(span: SpanLike): boolean {
  return span.status?.code === 2 || span.attributes['error.type'] !== undefined;
}

function readFinishReasons(span: SpanLike, legacy: string[] | undefined, ctx: MappingContext): string[] | undefined {
  const reasons =
    readStringArray(span.attributes, 'gen_ai.response.finish_reasons', ctx) ??
    legacy ??
    readStringArray(span.attributes, 'ai.response.finishReason', ctx) ??
    readStringArray(span.attributes, 'anthropic.message.stop_reason', ctx);
  return reasons?.map(normaliseFinishReason);
}

function readError(span: SpanLike, facts: DialectFacts, ctx: MappingContext): DecisionError {
  const exception = span.events?.find((event) => event.name === 'exception')?.attributes ?? {};
  const type =
    readString(span.attributes, 'error.type', ctx) ?? readString(exception, 'exception.type', ctx) ?? 'error';
  const error: DecisionError = { type };
  const message = span.status?.message || readString(exception, 'exception.message', ctx) || facts.failure?.message;
  if (message) error.message = sanitizeString(message, ctx);
  return error;
}

function readAgent(attributes: SpanLike['attributes'], ctx: MappingContext): DecisionAgent | undefined {
  const agent: DecisionAgent = {};
  const id = readString(attributes, 'gen_ai.agent.id', ctx);
  const name = readString(attributes, 'gen_ai.agent.name', ctx);
  const description = readString(attributes, 'gen_ai.agent.description', ctx);
  if (id) agent.id = id;
  if (name) agent.name = name;
  if (description) agent.description = sanitizeString(description, ctx);
  return id || name || description ? agent : undefined;
}

function readTool(attributes: SpanLike['attributes'], operation: string | undefined, ctx: MappingContext): DecisionTool | undefined {
  const name = firstString(attributes, ['gen_ai.tool.name', 'ai.toolCall.name'], ctx);
  if (!name) return undefined;
  const tool: DecisionTool = { name };
  const callId = firstString(attributes, ['gen_ai.tool.call.id', 'ai.toolCall.id'], ctx);
  if (callId) tool.callId = callId;
  const type = readString(attributes, 'gen_ai.tool.type', ctx) ?? (operation === 'execute_tool' ? 'function' : undefined);
  if (type) tool.type = type;
  const description = readString(attributes, 'gen_ai.tool.description', ctx);
  if (description) tool.description = sanitizeString(description, ctx);
  return tool;
}

function readService(resource: SpanLike['attributes']): DecisionService | undefined {
  const service: DecisionService = {};
  const name = readString(resource, 'service.name');
  const version = readString(resource, 'service.version');
  const namespace = readString(resource, 'service.namespace');
  const instanceId = readString(resource, 'service.instance.id');
  if (name) service.name = name;
  if (version) service.version = version;
  if (namespace) service.namespace = namespace;
  if (instanceId) service.instanceId = instanceId;
  return Object.keys(service).length > 0 ? service : undefined;
}

/**
 * Some instrumentations report the system prompt twice — as `gen_ai.system_instructions` and as a
 * `system` message (the OpenAI Responses instrumentation: attribute on the span, message in the log
 * event). Record it once, as system instructions, so it is not redacted and counted twice.
 */
function withoutRepeatedSystemPrompt(messages: Message[], instructions: MessagePart[]): Message[] {
  const instructionText = textOf(instructions);
  if (instructionText === '') return messages;
  return messages.filter((m) => m.role !== 'system' || textOf(m.parts) !== instructionText);
}

function textOf(parts: MessagePart[]): string {
  return parts
    .filter((p) => p.type === 'text')
    .map((p) => p.content ?? '')
    .join('\n');
}

function hasContent(decision: AIDecision): boolean {
  const { input, output } = decision;
  // System instructions alone are not what was asked or answered.
  return input.messages.length > 0 || output.messages.length > 0;
}
