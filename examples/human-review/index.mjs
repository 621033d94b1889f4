// @ts-check
// A human reviewer's sign-off, recorded with ComplianceReporter and linked to the AI decision it reviews.
import { ComplianceReporter } from '@vaxelia/ai-otel';
import { startLocalStack } from '../support/local-stack.mjs';

const stack = await startLocalStack('human-review');
const reporter = new ComplianceReporter({ aiSystemId: 'credit-assistant', ...stack.vaxelia });

// The AI decision (here logged directly; usually it comes from an instrumented LLM span).
const ai = await reporter.logDecision({
  modelUsed: 'gpt-4o-mini',
  input: 'Assess the credit limit increase for customer 4411 (email jane.doe@example.com).',
  output: 'Recommend: approve an increase to 5,000 EUR.',
  policyContext: { policy: 'credit-limit-v3', riskClass: 'high' },
});
console.log(`AI decision ${ai.decisionId}: ${ai.outcome}`);

// The reviewer's sign-off: its own record on the same chain, pointing at the AI decision.
const review = await reporter.logDecision({
  modelUsed: 'human',
  operation: 'human_review',
  relatedDecisionId: ai.decisionId,
  input: 'Review of the AI recommendation to approve 5,000 EUR.',
  output: 'Approved with a lower limit of 3,000 EUR: income documents are two years old.',
  humanOversight: { reviewer: 'r.schmidt', role: 'credit-officer', verdict: 'modified', reviewedAt: new Date().toISOString() },
});
console.log(`review ${review.decisionId} → relatedDecisionId ${ai.decisionId}: ${review.outcome}`);

await reporter.shutdown();
const records = await stack.verify();
await stack.close();
const signOff = records.find((r) => r.decisionId === review.decisionId);
if (signOff?.relatedDecisionId !== ai.decisionId || signOff.humanOversight?.verdict !== 'modified') {
  throw new Error('the sign-off is not linked to the AI decision');
}
if (JSON.stringify(records).includes('jane.doe@example.com')) throw new Error('raw PII reached the log');
