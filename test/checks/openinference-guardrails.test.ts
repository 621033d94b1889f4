/**
 * OpenInference GUARDRAIL and EVALUATOR spans from the real emitter (`@arizeai/openinference-core`'s
 * `traceGuardrail` / `traceEvaluator`, OpenInference's own JS tracing helpers): each becomes a
 * decision of its own carrying one check, with what was checked redacted like any content.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceEvaluator, traceGuardrail } from '@arizeai/openinference-core';
import { describe, expect, it } from 'vitest';
import { InMemoryDecisionSink } from '../../src/pipeline/in-memory-sink.js';
import { DecisionLogSpanProcessor } from '../../src/processor/decision-log-span-processor.js';
import { createSdk } from '../support/sdk.js';

function setup() {
  const sink = new InMemoryDecisionSink();
  const processor = new DecisionLogSpanProcessor({ sink, logger: () => {}, bufferDir: mkdtempSync(join(tmpdir(), 'vaxelia-oi-checks-')), aiSystemId: 'claims-triage' });
  return { sink, processor, sdk: createSdk(processor) };
}

describe('OpenInference GUARDRAIL / EVALUATOR spans (real @arizeai/openinference-core)', () => {
  it('a guardrail returning { flagged, score, reason } is a decision with one fired check', async () => {
    const { sink, processor, sdk } = setup();
    const piiGuard = traceGuardrail(
      async (text: string) => ({ flagged: /@/.test(text), score: 0.93, threshold: 0.5, reason: 'e-mail address in the prompt' }),
      { name: 'pii-guard', tracer: sdk.tracer },
    );
    await piiGuard('Please email the claim to maria.rossi@example.it');
    await processor.forceFlush();
    expect(sink.decisions).toHaveLength(1);
    const [decision] = sink.decisions;
    expect(decision).toMatchObject({
      operation: 'guardrail',
      modelUsed: 'none',
      status: 'completed',
      checks: [{ name: 'pii-guard', fired: true, scoreValue: 0.93, threshold: 0.5, explanation: 'e-mail address in the prompt' }],
    });
    expect(decision!.mappingWarnings).toBeUndefined();
    // What was checked is content: recorded, redacted.
    const checked = JSON.stringify(decision!.input);
    expect(checked).toContain('Please email the claim');
    expect(checked).not.toContain('maria.rossi@example.it');
    await sdk.shutdown();
  });

  it('an evaluator returning a plain-text verdict and a passing guardrail', async () => {
    const { sink, processor, sdk } = setup();
    const judge = traceEvaluator(async (_question: string, _answer: string) => 'PASS: the answer cites the policy clause', { name: 'faithfulness-judge', tracer: sdk.tracer });
    const toxicity = traceGuardrail(async (_text: string) => ({ passed: true, label: 'non-toxic' }), { name: 'toxicity', tracer: sdk.tracer });
    await judge('Is water damage covered?', 'Yes, under clause 4.2.');
    await toxicity('Yes, under clause 4.2.');
    await processor.forceFlush();
    const byOperation = Object.fromEntries(sink.decisions.map((d) => [d.checks?.[0]?.name, d]));
    expect(byOperation['faithfulness-judge']).toMatchObject({ operation: 'evaluation', checks: [{ name: 'faithfulness-judge', fired: false }] });
    expect(byOperation.toxicity).toMatchObject({ operation: 'guardrail', checks: [{ name: 'toxicity', fired: false, scoreLabel: 'non-toxic' }] });
    await sdk.shutdown();
  });

  it('a guardrail whose result cannot be read still records the check by name, guessing nothing', async () => {
    const { sink, processor, sdk } = setup();
    const opaque = traceGuardrail(async (_text: string) => 'see moderation ticket 8812', { name: 'moderation', tracer: sdk.tracer });
    await opaque('hello');
    await processor.forceFlush();
    expect(sink.decisions[0]!.checks).toEqual([{ name: 'moderation', evaluator: 'test-app' }]); // the emitting scope
    await sdk.shutdown();
  });
});
