/** The evidence pack annotates checks and actions (risk management, human oversight) without touching the chained record. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEvidencePack } from '../../src/chain/evidence-pack.js';
import { verifyChain } from '../../src/index.js';
import { InMemoryDecisionSink } from '../../src/pipeline/in-memory-sink.js';
import { ComplianceReporter } from '../../src/processor/compliance-reporter.js';

describe('evidence pack: checks and actions', () => {
  it('maps checked decisions to Art. 9, escalations to Art. 14, and summarises what fired', async () => {
    const sink = new InMemoryDecisionSink();
    const reporter = new ComplianceReporter({ sink, logger: () => {}, bufferDir: mkdtempSync(join(tmpdir(), 'vaxelia-evidence-')), aiSystemId: 'claims-triage' });
    await reporter.logDecision({ modelUsed: 'gpt-4o', input: 'claim 1', output: 'pay', checks: [{ name: 'fraud-score', scoreValue: 0.1, threshold: 0.7, fired: false }], action: 'allow' });
    await reporter.logDecision({ modelUsed: 'gpt-4o', input: 'claim 2', output: 'pay', checks: [{ name: 'fraud-score', scoreValue: 0.9, threshold: 0.7, fired: true }, { name: 'amount-limit', fired: false }], action: 'escalate' });
    await reporter.logDecision({ modelUsed: 'gpt-4o', input: 'claim 3', output: 'pay' });
    await reporter.shutdown();
    const records = sink.decisions.filter((d) => d.operation !== 'checkpoint');
    const lines = buildEvidencePack(records, verifyChain(sink.decisions)).trim().split('\n').map((l) => JSON.parse(l));
    const [, allowed, escalated, plain] = lines;
    expect(allowed.vaxeliaEvidence).toEqual({ controls: ['eu-ai-act/art-9', 'eu-ai-act/art-12', 'eu-ai-act/art-13', 'eu-ai-act/art-19'], checks: { run: 1, fired: [], action: 'allow' } });
    expect(escalated.vaxeliaEvidence).toEqual({
      controls: ['eu-ai-act/art-9', 'eu-ai-act/art-12', 'eu-ai-act/art-13', 'eu-ai-act/art-14', 'eu-ai-act/art-19'],
      checks: { run: 2, fired: ['fraud-score'], action: 'escalate' },
    });
    expect(plain.vaxeliaEvidence).toEqual({ controls: ['eu-ai-act/art-12', 'eu-ai-act/art-13', 'eu-ai-act/art-19'] });
    // The records inside the pack are the chained ones, unchanged.
    expect([allowed.record, escalated.record, plain.record]).toEqual(records);
  });
});
