/**
 * Checks and verdicts recorded in-process with a real SDK: `gen_ai.evaluation.result` as span events
 * and as log records (joined while the span is open; linked records when they come later or name the
 * call only by `gen_ai.response.id`), `vaxelia.check.*` / `vaxelia.action` attributes, the helper.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { recordAction, recordCheck } from '../../src/checks/record-check.js';
import { createRedactor } from '../../src/redaction/index.js';
import { verifyChain } from '../../src/index.js';
import type { AIDecision } from '../../src/decision.js';
import { decisionIdFor } from '../../src/mapping/decision-id.js';
import { InMemoryDecisionSink } from '../../src/pipeline/in-memory-sink.js';
import { DecisionLogSpanProcessor } from '../../src/processor/decision-log-span-processor.js';
import { createSdk } from '../support/sdk.js';

const CHAT = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o' };

function setup() {
  const sink = new InMemoryDecisionSink();
  const bufferDir = mkdtempSync(join(tmpdir(), 'vaxelia-checks-'));
  const processor = new DecisionLogSpanProcessor({ sink, logger: () => {}, bufferDir, aiSystemId: 'loan-desk' });
  return { sink, processor, sdk: createSdk(processor) };
}

const evaluation = (attributes: Record<string, string | number | boolean>) => ({ eventName: 'gen_ai.evaluation.result', attributes });

describe('checks and verdicts, in-process', () => {
  it('a gen_ai.evaluation.result span event and vaxelia.action become checks and action', async () => {
    const { sink, processor, sdk } = setup();
    const span = sdk.llmTracer.startSpan('chat gpt-4o', { attributes: CHAT });
    span.addEvent('gen_ai.evaluation.result', {
      'gen_ai.evaluation.name': 'Relevance',
      'gen_ai.evaluation.score.value': 4,
      'gen_ai.evaluation.score.label': 'relevant',
      'gen_ai.evaluation.explanation': 'Answers the question asked.',
    });
    span.setAttribute('vaxelia.action', 'ESCALATE');
    span.end();
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(1);
    expect(sink.decisions[0]!.checks).toEqual([{ name: 'Relevance', scoreValue: 4, scoreLabel: 'relevant', explanation: 'Answers the question asked.' }]);
    expect(sink.decisions[0]!.action).toBe('escalate');
    await sdk.shutdown();
  });

  it('an evaluation log record emitted inside the span joins its decision, with the emitting scope as evaluator', async () => {
    const { sink, processor, sdk } = setup();
    const span = sdk.llmTracer.startSpan('chat gpt-4o', { attributes: CHAT });
    sdk.inSpan(span, () => sdk.logger.emit(evaluation({ 'gen_ai.evaluation.name': 'toxicity', 'gen_ai.evaluation.score.value': 0.02, 'vaxelia.check.threshold': 0.5, 'vaxelia.check.fired': false })));
    span.end();
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(1);
    expect(sink.decisions[0]!.checks).toEqual([
      { name: 'toxicity', scoreValue: 0.02, threshold: 0.5, fired: false, evaluator: '@opentelemetry/instrumentation-openai' },
    ]);
    await sdk.shutdown();
  });

  it('an evaluation that arrives after the decision was mapped becomes a linked record; the decision is never edited', async () => {
    const { sink, processor, sdk } = setup();
    const span = sdk.llmTracer.startSpan('chat gpt-4o', { attributes: { ...CHAT, 'gen_ai.response.id': 'chatcmpl-42' } });
    span.end();
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(1);
    const chained = structuredClone(sink.decisions[0]!);
    // Emitted later, still parented to the evaluated span (as the conventions ask).
    sdk.inSpan(span, () => sdk.logger.emit(evaluation({ 'gen_ai.evaluation.name': 'groundedness', 'gen_ai.evaluation.score.label': 'fail', 'vaxelia.check.fired': true, 'vaxelia.action': 'reject' })));
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(2);
    expect(sink.decisions[0]).toEqual(chained);
    const linked = sink.decisions[1]!;
    const { traceId, spanId } = span.spanContext();
    expect(linked).toMatchObject({
      operation: 'evaluation',
      aiSystemId: 'loan-desk',
      relatedDecisionId: decisionIdFor(traceId, spanId),
      parentSpanId: spanId,
      traceId,
      checks: [{ name: 'groundedness', scoreLabel: 'fail', fired: true }],
      action: 'reject',
    });
    expect(linked.mappingWarnings).toBeUndefined();
    expect(verifyChain(sink.decisions).ok).toBe(true);
    await sdk.shutdown();
  });

  it('joins by gen_ai.response.id when the evaluation carries no span id; records an unmatched one on its own with a warning', async () => {
    const { sink, processor, sdk } = setup();
    const span = sdk.llmTracer.startSpan('chat gpt-4o', { attributes: { ...CHAT, 'gen_ai.response.id': 'chatcmpl-77' } });
    span.end();
    await processor.forceFlush();
    // Outside any span: no span context on the log record.
    sdk.logger.emit(evaluation({ 'gen_ai.evaluation.name': 'Coherence', 'gen_ai.evaluation.score.value': 5, 'gen_ai.response.id': 'chatcmpl-77' }));
    sdk.logger.emit(evaluation({ 'gen_ai.evaluation.name': 'Coherence', 'gen_ai.evaluation.score.value': 1, 'gen_ai.response.id': 'chatcmpl-unknown' }));
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(3);
    const [call, matched, unmatched] = sink.decisions as [AIDecision, AIDecision, AIDecision];
    expect(matched.relatedDecisionId).toBe(call.decisionId);
    expect(matched.checks).toEqual([{ name: 'Coherence', scoreValue: 5, evaluator: '@opentelemetry/instrumentation-openai' }]);
    expect(unmatched.relatedDecisionId).toBeUndefined();
    expect(unmatched.mappingWarnings?.[0]).toMatch(/names no recorded decision/);
    expect(unmatched.checks?.[0]?.scoreValue).toBe(1);
    await sdk.shutdown();
  });

  it('an evaluation parented to a span that is not an AI call is recorded on its own when that span ends', async () => {
    const { sink, processor, sdk } = setup();
    const request = sdk.tracer.startSpan('POST /loan-decision');
    sdk.inSpan(request, () => sdk.logger.emit(evaluation({ 'gen_ai.evaluation.name': 'policy-consistency', 'gen_ai.evaluation.score.label': 'fail' })));
    request.end();
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(1);
    expect(sink.decisions[0]).toMatchObject({ operation: 'evaluation', checks: [{ name: 'policy-consistency', scoreLabel: 'fail' }] });
    expect(sink.decisions[0]!.relatedDecisionId).toBeUndefined();
    expect(sink.decisions[0]!.mappingWarnings).toEqual(['evaluation names no recorded decision (the evaluated span is not an AI call): recorded on its own']);
    await sdk.shutdown();
  });

  it('apps recording their own: vaxelia.checks (JSON) and indexed vaxelia.check.{i}.* attributes', async () => {
    const { sink, processor, sdk } = setup();
    const span = sdk.llmTracer.startSpan('chat gpt-4o', {
      attributes: {
        ...CHAT,
        'vaxelia.checks': JSON.stringify([{ name: 'affordability-rule', fired: true, scoreValue: 0.61, threshold: 0.45, evaluator: 'rules-engine 3.2' }]),
        'vaxelia.check.0.name': 'pii-guard',
        'vaxelia.check.0.fired': false,
        'vaxelia.check.1.name': 'bias-screen',
        'vaxelia.check.1.score_value': '0.1',
        'vaxelia.check.1.threshold': 0.3,
        'vaxelia.action': 'refer-to-underwriter',
      },
    });
    span.end();
    await processor.forceFlush();
    expect(sink.decisions[0]!.checks).toEqual([
      { name: 'affordability-rule', scoreValue: 0.61, threshold: 0.45, fired: true, evaluator: 'rules-engine 3.2' },
      { name: 'pii-guard', fired: false },
      { name: 'bias-screen', scoreValue: 0.1, threshold: 0.3 },
    ]);
    expect(sink.decisions[0]!.action).toBe('refer-to-underwriter');
    await sdk.shutdown();
  });

  it('malformed checks still yield a record, with warnings that name the problem and never the content', async () => {
    const { sink, processor, sdk } = setup();
    const span = sdk.llmTracer.startSpan('chat gpt-4o', {
      attributes: { ...CHAT, 'vaxelia.checks': '[{"name": 12}, {"fired": "maybe"}', 'vaxelia.check.3.score_value': 'high' },
    });
    span.addEvent('gen_ai.evaluation.result', { 'gen_ai.evaluation.score.value': 'secret-word' });
    span.end();
    await processor.forceFlush();
    const [decision] = sink.decisions;
    expect(decision).toBeDefined();
    expect(decision!.checks).toBeUndefined();
    expect(decision!.mappingWarnings).toEqual(
      expect.arrayContaining([
        'gen_ai.evaluation.result event without gen_ai.evaluation.name ignored',
        'vaxelia.check.3 has no name; ignored',
      ]),
    );
    expect(JSON.stringify(decision!.mappingWarnings)).not.toContain('secret-word');
    await sdk.shutdown();
  });

  it('recordCheck / recordAction on the active span; false (nothing recorded) without one', async () => {
    const { sink, processor, sdk } = setup();
    expect(recordCheck({ name: 'orphan' })).toBe(false);
    const span = sdk.llmTracer.startSpan('chat gpt-4o', { attributes: CHAT });
    sdk.inSpan(span, () => {
      expect(recordCheck({ name: 'jailbreak-guard', fired: true, scoreValue: 0.97, threshold: 0.8, evaluator: 'guard 1.4', explanation: 'prompt asks to ignore policy' })).toBe(true);
      expect(recordAction('reject')).toBe(true);
    });
    span.end();
    await processor.forceFlush();
    expect(sink.decisions[0]!.checks).toEqual([
      { name: 'jailbreak-guard', scoreValue: 0.97, threshold: 0.8, fired: true, explanation: 'prompt asks to ignore policy', evaluator: 'guard 1.4' },
    ]);
    expect(sink.decisions[0]!.action).toBe('reject');
    await sdk.shutdown();
  });

  it('an explanation is content: PII in it is redacted before hashing, like messages', async () => {
    const { sink, processor, sdk } = setup();
    const span = sdk.llmTracer.startSpan('chat gpt-4o', { attributes: CHAT });
    span.addEvent('gen_ai.evaluation.result', { 'gen_ai.evaluation.name': 'pii-leak', 'gen_ai.evaluation.explanation': 'answer quotes jane.doe@example.com and +44 20 7946 0958' });
    span.end();
    await processor.forceFlush();
    const [decision] = sink.decisions;
    const explanation = decision!.checks![0]!.explanation!;
    expect(explanation).not.toContain('jane.doe@example.com');
    expect(explanation).not.toContain('7946');
    expect(decision!.redaction!.counts.EMAIL).toBe(1);
    expect(decision!.redaction!.counts.PHONE).toBe(1);
    // The chain commits to the redacted explanation (verify recomputes the hash over it).
    expect(verifyChain(sink.decisions).ok).toBe(true);
    expect(createRedactor().detect(JSON.stringify(decision!.checks))).toEqual([]);
    await sdk.shutdown();
  });
});

describe('checks and action through ComplianceReporter.logDecision', () => {
  it('accepts checks and action like the span path, and rejects malformed ones naming the field', async () => {
    const { ComplianceReporter } = await import('../../src/processor/compliance-reporter.js');
    const sink = new InMemoryDecisionSink();
    const reporter = new ComplianceReporter({ sink, logger: () => {}, bufferDir: mkdtempSync(join(tmpdir(), 'vaxelia-checks-')), aiSystemId: 'loan-desk' });
    const logged = await reporter.logDecision({
      operation: 'human_review',
      input: 'Model recommended: decline',
      output: 'Escalated to senior underwriter',
      checks: [{ name: 'four-eyes', fired: true, explanation: 'reviewer r-42 (r42@bank.example) disagreed' }],
      action: 'Escalate',
    });
    expect(logged.outcome).toBe('delivered');
    const [decision] = sink.decisions;
    expect(decision!.action).toBe('escalate');
    expect(decision!.checks).toEqual([{ name: 'four-eyes', fired: true, explanation: expect.not.stringContaining('r42@bank.example') }]);
    await expect(reporter.logDecision({ checks: [{ fired: true }] as never })).rejects.toThrow(/decision\.checks\[0\] needs a non-empty string `name`/);
    await expect(reporter.logDecision({ checks: { name: 'x' } as never })).rejects.toThrow(/decision\.checks must be an array/);
    await expect(reporter.logDecision({ checks: [{ name: 'x', scoreValue: 'high' }] as never })).rejects.toThrow(/scoreValue is not a finite number/);
    await expect(reporter.logDecision({ action: 42 as never })).rejects.toThrow(/decision\.action must be a non-empty string/);
    expect(sink.decisions).toHaveLength(1);
    await reporter.shutdown();
  });
});

describe('evaluationWindowMs: evaluations emitted shortly after the call join the decision', () => {
  it('holds the span for the window, joins a later evaluation, and flush releases at once', async () => {
    const sink = new InMemoryDecisionSink();
    const processor = new DecisionLogSpanProcessor({ sink, logger: () => {}, bufferDir: mkdtempSync(join(tmpdir(), 'vaxelia-checks-')), evaluationWindowMs: 60_000 });
    const sdk = createSdk(processor);
    const span = sdk.llmTracer.startSpan('chat gpt-4o', { attributes: CHAT });
    span.end();
    // Several event-loop turns later the decision is still held, not mapped.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sink.decisions).toHaveLength(0);
    sdk.inSpan(span, () => sdk.logger.emit(evaluation({ 'gen_ai.evaluation.name': 'hallucination', 'gen_ai.evaluation.score.label': 'pass' })));
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(1);
    expect(sink.decisions[0]!.checks).toEqual([{ name: 'hallucination', scoreLabel: 'pass', evaluator: '@opentelemetry/instrumentation-openai' }]);
    await sdk.shutdown();
  });

  it('releases a held span when its window passes, without a flush', async () => {
    const sink = new InMemoryDecisionSink();
    const processor = new DecisionLogSpanProcessor({ sink, logger: () => {}, bufferDir: mkdtempSync(join(tmpdir(), 'vaxelia-checks-')), evaluationWindowMs: 20 });
    const sdk = createSdk(processor);
    sdk.llmTracer.startSpan('chat gpt-4o', { attributes: CHAT }).end();
    await vi.waitFor(() => expect(sink.decisions).toHaveLength(1), { timeout: 10_000, interval: 10 });
    await sdk.shutdown();
  });

  it('a bad window fails at construction naming the option and the env var', () => {
    expect(() => new DecisionLogSpanProcessor({ sink: new InMemoryDecisionSink(), evaluationWindowMs: -1 })).toThrow(/`evaluationWindowMs` \(env VAXELIA_EVALUATION_WINDOW_MS\)/);
    process.env.VAXELIA_EVALUATION_WINDOW_MS = 'soon';
    try {
      expect(() => new DecisionLogSpanProcessor({ sink: new InMemoryDecisionSink() })).toThrow(/VAXELIA_EVALUATION_WINDOW_MS/);
    } finally {
      delete process.env.VAXELIA_EVALUATION_WINDOW_MS;
    }
  });
});
