import type { AIDecision, DecisionUsage } from '../decision.js';
import { NO_CONTENT_WARNING_PREFIX } from './content-warning.js';

/**
 * One model call described by two spans (two instrumentations, or a framework span around a client
 * span): the decision keeps the inner span's identity (ids, time, latency) and takes from the outer
 * one whatever it lacks — content, model, usage, provider, finish reasons — and a failure from either.
 * Pure: returns a new decision, never mutates its inputs.
 */
export function mergeDecisions(inner: AIDecision, outer: AIDecision): AIDecision {
  const merged: AIDecision = { ...inner, input: { ...inner.input }, output: { ...inner.output } };
  if (merged.input.messages.length === 0) merged.input.messages = outer.input.messages;
  merged.input.systemInstructions ??= outer.input.systemInstructions;
  merged.input.toolDefinitions ??= outer.input.toolDefinitions;
  if (merged.input.systemInstructions === undefined) delete merged.input.systemInstructions;
  if (merged.input.toolDefinitions === undefined) delete merged.input.toolDefinitions;
  if (merged.output.messages.length === 0) merged.output.messages = outer.output.messages;
  if (isUnnamed(merged.modelUsed) && !isUnnamed(outer.modelUsed)) merged.modelUsed = outer.modelUsed;
  for (const key of ['operation', 'provider', 'requestModel', 'responseModel', 'responseId', 'finishReasons', 'conversationId', 'agent', 'tool', 'action'] as const) {
    if (merged[key] === undefined && outer[key] !== undefined) (merged as unknown as Record<string, unknown>)[key] = outer[key];
  }
  const usage = mergeUsage(inner.usage, outer.usage);
  if (usage) merged.usage = usage;
  if (outer.status === 'failed') merged.status = 'failed';
  if (merged.status === 'failed') merged.error ??= outer.error;
  for (const key of ['policyContext', 'humanOversight', 'dataProvenance', 'session'] as const) {
    if (outer[key]) merged[key] = { ...outer[key], ...merged[key] };
  }
  if (outer.checks?.length) merged.checks = [...(inner.checks ?? []), ...outer.checks];
  if (inner.source || outer.source) {
    const dialects = [...(inner.source?.dialects ?? [])];
    for (const dialect of outer.source?.dialects ?? []) if (!dialects.includes(dialect)) dialects.push(dialect);
    merged.source = { ...outer.source, ...inner.source, dialects };
  }
  const hasContent = merged.input.messages.length > 0 || merged.output.messages.length > 0;
  const warnings = [...(inner.mappingWarnings ?? []), ...(outer.mappingWarnings ?? [])].filter(
    (warning, index, all) => all.indexOf(warning) === index && !(hasContent && warning.startsWith(NO_CONTENT_WARNING_PREFIX)),
  );
  const scope = outer.source?.scope ? ` (${outer.source.scope})` : '';
  warnings.push(`merged span ${outer.spanId ?? outer.decisionId}${scope}: it describes the same model call`);
  merged.mappingWarnings = warnings;
  return merged;
}

/**
 * Whether two spans can describe one call: no conflicting response id, model or first user text.
 * `checkModel` is off for a parent/child pair, where the structure alone is the evidence.
 */
export function describeSameCall(a: AIDecision, b: AIDecision, checkModel: boolean): boolean {
  if (a.responseId !== undefined && b.responseId !== undefined && a.responseId !== b.responseId) return false;
  if (checkModel) {
    const modelA = a.requestModel ?? a.modelUsed;
    const modelB = b.requestModel ?? b.modelUsed;
    if (!isUnnamed(modelA) && !isUnnamed(modelB) && !modelA.includes(modelB) && !modelB.includes(modelA)) return false;
  }
  const textA = firstUserText(a);
  const textB = firstUserText(b);
  return textA === undefined || textB === undefined || textA === textB;
}

function isUnnamed(model: string): boolean {
  return model === 'unknown' || model === 'none';
}

function firstUserText(decision: AIDecision): string | undefined {
  for (const message of decision.input.messages) {
    if (message.role !== 'user') continue;
    for (const part of message.parts) if (part.type === 'text' && typeof part.content === 'string') return part.content;
  }
  return undefined;
}

function mergeUsage(inner: DecisionUsage | undefined, outer: DecisionUsage | undefined): DecisionUsage | undefined {
  if (!outer) return inner;
  return { ...outer, ...inner };
}
