/**
 * Reading decisions in tests. Where the GenAI conventions allow two equivalent places (a system
 * prompt as a `system` message or as `systemInstructions`; tool-call arguments as a JSON string or
 * as an object), the helpers accept both, and everything else is compared exactly.
 */
import type { AIDecision } from '@vaxelia/ai-otel';
import { expect } from 'vitest';
import type { MockExchange } from './mock-openai-server.js';
import { AI_SYSTEM_ID } from './otel-harness.js';
import { RAW_PII } from './scenario.js';

type Message = AIDecision['input']['messages'][number];
type MessagePart = Message['parts'][number];

/** Text contents of the text parts of the messages with this role, in order. */
export function textsOf(messages: readonly Message[] | undefined, role: string): string[] {
  return (messages ?? []).filter((message) => message.role === role).flatMap((message) => textParts(message.parts));
}

/** The system prompt, wherever the mapping put it. */
export function systemTexts(decision: AIDecision): string[] {
  return [...textParts(decision.input.systemInstructions ?? []), ...textsOf(decision.input.messages, 'system')];
}

/** Input messages without the system prompt, whichever place it took. */
export function conversationMessages(decision: AIDecision): Message[] {
  return decision.input.messages.filter((message) => message.role !== 'system');
}

export function partsOf(messages: readonly Message[] | undefined, type: string): MessagePart[] {
  return (messages ?? []).flatMap((message) => message.parts.filter((part) => part.type === type));
}

/** Tool-call arguments as an object (the conventions allow an object or its JSON text). */
export function argumentsOf(part: MessagePart | undefined): unknown {
  const value = (part as { arguments?: unknown } | undefined)?.arguments;
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** A tool response as a value (instrumentations record it as JSON text or as an object). */
export function responseOf(part: MessagePart | undefined): unknown {
  const value = (part as { response?: unknown } | undefined)?.response;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function textParts(parts: readonly MessagePart[]): string[] {
  return parts.filter((part) => part.type === 'text').map((part) => String((part as { content?: unknown }).content));
}

/** Fields every decision must carry, whatever the instrumentation. */
export function expectEnvelope(decision: AIDecision, serviceName: string): void {
  expect(decision.aiSystemId).toBe(AI_SYSTEM_ID);
  expect(decision.decisionId).toMatch(/\S{8,}/);
  expect(decision.traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(decision.spanId).toMatch(/^[0-9a-f]{16}$/);
  expect(new Date(decision.decidedAt).toISOString()).toBe(decision.decidedAt);
  expect(Math.abs(Date.now() - Date.parse(decision.decidedAt))).toBeLessThan(60_000);
  expect(decision.latencyMs).toBeGreaterThanOrEqual(0);
  expect(decision.latencyMs).toBeLessThan(30_000);
  expect(decision.service?.name).toBe(serviceName);
  expect(Array.isArray(decision.input.messages)).toBe(true);
  expect(Array.isArray(decision.output.messages)).toBe(true);
  // The default pipeline chains every record (DESIGN.md §5) and never lets raw PII through.
  expect(decision.chainId).toEqual(expect.any(String));
  expect(Number.isInteger(decision.seq)).toBe(true);
  expect(decision.prevHash).toMatch(/^[0-9a-f]{64}$/);
  expect(decision.hash).toMatch(/^[0-9a-f]{64}$/);
  const serialized = JSON.stringify(decision);
  for (const pii of RAW_PII) expect(serialized, 'raw PII in the record').not.toContain(pii);
}

/** Model, ids and tokens of a successful call, against what the mock sent on the wire. */
export function expectMatchesExchange(decision: AIDecision, exchange: MockExchange, options: { tokens?: boolean } = {}): void {
  expect(decision.status).toBe('completed');
  expect(decision.error).toBeUndefined();
  expect(decision.provider).toBe('openai');
  expect(decision.requestModel).toBe(exchange.request.model);
  expect(decision.responseModel).toBe(exchange.responseModel);
  expect(decision.modelUsed).toBe(exchange.responseModel);
  if (exchange.responseId !== undefined) expect(decision.responseId).toBe(exchange.responseId);
  if (options.tokens !== false) {
    expect(decision.usage?.inputTokens).toBe(exchange.usage?.inputTokens);
    if (exchange.usage?.outputTokens) expect(decision.usage?.outputTokens).toBe(exchange.usage.outputTokens);
  }
}

export function only<T>(items: readonly T[], what: string): T {
  expect(items, `exactly one ${what}`).toHaveLength(1);
  return items[0]!;
}

export function byOperation(decisions: readonly AIDecision[], operation: string): AIDecision[] {
  return decisions.filter((decision) => decision.operation === operation);
}

/** The one decision of the model call that produced this exchange (matched by response id). */
export function decisionFor(decisions: readonly AIDecision[], exchange: MockExchange | undefined): AIDecision {
  expect(exchange?.responseId, 'the exchange has a response id').toBeDefined();
  return only(
    decisions.filter((decision) => decision.responseId === exchange?.responseId),
    `decision for ${exchange?.responseId}`,
  );
}
