import { beforeAll, expect, it } from 'vitest';
import { requireBuild, runNode } from './support/run-node.js';

beforeAll(requireBuild, 300_000);

it('npm run demo: exits 0 and prints a one-screen summary of every step', async () => {
  const { code, stdout, stderr } = await runNode('scripts/demo/run-demo.mjs');
  expect(stderr).toBe('');
  expect(code, stdout).toBe(0);
  expect(stdout).toContain('LOCAL STAND-IN for the OpenAI API');
  for (const step of ['endpoint up', 'endpoint down', 'queue drained', 'decisions recorded', 'chain verified', 'PII redacted before hashing', 'evidence report']) {
    expect(stdout).toMatch(new RegExp(`✔ ${step}:`));
  }
  expect(stdout).not.toContain('✘');
  expect(stdout).toMatch(/✔ endpoint down: [1-9]\d* decisions queued, encrypted/);
  expect(stdout).toMatch(/✔ queue drained: (\d+) queued → \1 delivered after the outage, 0 left/);
  expect(stdout).toMatch(/PII redacted before hashing: .*EMAIL \d+/);
  expect(stdout).toMatch(/CREDIT_CARD \d+/);
  expect(stdout).toMatch(/PHONE \d+/);
  expect(stdout).toMatch(/DEMO OK in [\d.]+ s — report: http:\/\/127\.0\.0\.1:\d+\/report/);
  // Fits one screen.
  expect(stdout.trim().split('\n').length).toBeLessThanOrEqual(24);
  for (const raw of ['jane.doe@example.com', '4111 1111 1111 1111']) expect(stdout).not.toContain(raw);
}, 120_000);
