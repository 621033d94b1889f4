import { computeRecordHash } from '../../../src/chain/format/record-hash.js';
import type { AIDecision } from '../../../src/decision.js';
import { appendCheckpoint, type Chained, chain, decision } from './chained-records.js';

/** Appends one record to a chain (after whatever its last record is, a checkpoint included). */
export function extend(records: Chained[], overrides: Partial<AIDecision>): Chained {
  const last = records.at(-1)!;
  const body = { ...decision(overrides), chainId: last.chainId, seq: last.seq + 1, prevHash: last.hash } as Chained;
  body.hash = computeRecordHash(body);
  records.push(body);
  return body;
}

const CREDIT_INPUT = {
  systemInstructions: [{ type: 'text', content: 'You are the credit assistant of Example Bank. Never decide above 10,000 EUR.' }],
  messages: [
    { role: 'user', parts: [{ type: 'text', content: 'Can [NAME] get a loan of 5,000 EUR? Contact: [EMAIL]' }] },
    { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'credit_score', arguments: { customer: '[CUSTOMER_ID]' } }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: { score: 712, band: 'B' } }] },
  ],
  toolDefinitions: [
    { type: 'function', name: 'credit_score', description: 'Looks up a customer credit score', parameters: { type: 'object', properties: { customer: { type: 'string' } } } },
  ],
};

const OPERATIONS = ['invoke_agent', 'chat', 'execute_tool'];

/**
 * A log as an auditor meets it: two AI systems on two chains. `credit-writer` (credit-assistant,
 * service credit-api on host-a): 58 decisions with tool calls and system instructions, two policy
 * versions, two human reviews (one an override), sealed by a final checkpoint at seq 60, then one
 * record written after the seal. `fraud-writer` (fraud-screening on host-b): 10 decisions, seq 4
 * edited after chaining, seq 7 never delivered (a gap).
 */
export function workbenchLog(): { credit: Chained[]; fraud: Chained[]; sent: Chained[] } {
  const start = Date.parse('2030-01-01T08:00:00Z');
  const credit = chain(
    'credit-writer',
    58,
    (i) => ({
      aiSystemId: 'credit-assistant',
      modelUsed: i % 3 === 1 ? 'gpt-4o' : 'gpt-4o-mini',
      provider: 'openai',
      operation: OPERATIONS[i % 3]!,
      status: i % 13 === 5 ? 'failed' : 'completed',
      ...(i % 13 === 5 ? { error: { type: 'RateLimitError', message: 'quota exceeded' } } : {}),
      traceId: `trace-credit-${Math.floor(i / 3)}`,
      spanId: `span-${i}`,
      ...(i % 3 === 0 ? {} : { parentSpanId: `span-${i - (i % 3)}` }),
      service: { name: 'credit-api', version: '2.4.1', instanceId: 'host-a' },
      policyContext: { version: i < 30 ? 'credit-policy-2026-01' : 'credit-policy-2026-03', owner: 'risk-office' },
      input: CREDIT_INPUT as AIDecision['input'],
      output: { messages: [{ role: 'assistant', parts: [{ type: 'text', content: `Approved up to ${1000 + i * 100} EUR.` }], finish_reason: 'stop' }] },
      usage: { inputTokens: 200 + i, outputTokens: 30 + i },
      latencyMs: 400 + i * 7,
      redaction: { mode: 'mask', counts: (i % 2 ? { EMAIL: 1, PERSON: 1 } : { IBAN: 1 }) as Record<string, number> },
    }),
    start,
  );
  const fraud = chain(
    'fraud-writer',
    10,
    (i) => ({
      aiSystemId: 'fraud-screening',
      modelUsed: 'claude-sonnet-4',
      provider: 'anthropic',
      operation: 'chat',
      status: i === 6 ? 'failed' : 'completed',
      service: { name: 'fraud-svc', instanceId: 'host-b' },
      policyContext: { version: 'fraud-rules-7' },
      input: { messages: [{ role: 'user', parts: [{ type: 'text', content: `Screen transfer ${i} from [IBAN]` }] }] },
      output: { messages: [{ role: 'assistant', parts: [{ type: 'text', content: i === 2 ? 'BLOCK: pattern match' : 'ALLOW' }] }] },
      redaction: { mode: 'mask', counts: { IBAN: 1 } },
    }),
    start + 3_600_000,
  );
  const reviewTime = (m: number) => new Date(start + 2 * 3_600_000 + m * 60_000).toISOString();
  extend(credit, {
    aiSystemId: 'credit-assistant',
    operation: 'human_review',
    modelUsed: 'none',
    decidedAt: reviewTime(1),
    relatedDecisionId: credit[4]!.decisionId,
    humanOversight: { reviewerId: 'analyst-17', outcome: 'override', reason: 'income verified manually' },
    service: { name: 'credit-api', instanceId: 'host-a' },
  });
  extend(credit, {
    aiSystemId: 'credit-assistant',
    operation: 'human_review',
    modelUsed: 'none',
    decidedAt: reviewTime(2),
    relatedDecisionId: fraud[2]!.decisionId,
    humanOversight: { reviewerId: 'analyst-03', outcome: 'confirmed' },
    service: { name: 'credit-api', instanceId: 'host-a' },
  });
  appendCheckpoint(credit, 0, true);
  extend(credit, { aiSystemId: 'credit-assistant', decidedAt: reviewTime(30), service: { name: 'credit-api', instanceId: 'host-a' } });
  const edited = { ...fraud[4]!, output: { messages: [{ role: 'assistant', parts: [{ type: 'text', content: 'ALLOW (edited later)' }] }] } } as Chained;
  const sent = [...credit, ...fraud.filter((r) => r.seq !== 7 && r.seq !== 4), edited];
  return { credit, fraud, sent };
}
