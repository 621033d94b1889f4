/**
 * Apps in two languages, three instrumentations, through a real OpenTelemetry Collector: each app
 * exports OTLP/HTTP to the front Collector (examples/collector/otelcol-config.yaml), whose
 * loadbalancing exporter routes by service to three sidecar Collectors (otelcol-sidecar.yaml), each
 * forwarding to its own `vaxelia-otel gateway`, which delivers to the reference server. Every call
 * must become exactly one decision, with its content (span attributes or log events) joined and the
 * e-mail and phone in the prompt redacted; `vaxelia-otel verify` must pass on the server's export.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockOpenAIServer, startMockOpenAIServer } from '../e2e/support/mock-openai-server.js';
import { type AppAudit, auditApp, callsOf, decisionsFor } from './support/app-audit.js';
import { killAllChildren } from './support/child.js';
import { APPS, CollectorStack } from './support/stack.js';

const CALLS = 6;
let mock: MockOpenAIServer;
let stack: CollectorStack;
const audits: AppAudit[] = [];

beforeAll(async () => {
  mock = await startMockOpenAIServer();
  stack = await CollectorStack.start({ gateways: 3 });
});

afterAll(async () => {
  console.log(
    `\ncollector e2e: ${audits.map((a) => `${a.app}: ${a.calls} calls, ${a.decisions} decisions, ${a.joined} joined, ${a.redacted} redacted, ${a.duplicated} duplicated, chains ${a.chains.size}`).join('; ')}\n`,
  );
  await stack?.stop();
  await mock?.close();
  await killAllChildren();
});

const python = () => {
  const bin = process.env.VAXELIA_PYTHON_APPS_PYTHON;
  if (!bin) throw new Error('VAXELIA_PYTHON_APPS_PYTHON is not set: run `npm run test:collector` (its setup installs the venv)');
  return bin;
};

async function runThrough(app: string, marker: string, command: string, args: string[], env: Record<string, string> = {}): Promise<AppAudit> {
  const lines = await stack.runApp(app, command, args, { OPENAI_BASE_URL: mock.baseURL, APP_CALLS: String(CALLS), APP_RUN_ID: 'e2e', ...env });
  expect(lines.at(-1)).toBe('done');
  const calls = callsOf(lines);
  expect(calls).toHaveLength(CALLS);
  const mine = decisionsFor(calls);
  const decisions = mine(await stack.waitForDecisions((all) => mine(all).length >= CALLS));
  // Late duplicates would arrive after the count is reached: give the pipeline one more look.
  const audit = auditApp(app, marker, calls, decisions);
  audits.push(audit);
  return audit;
}

function expectEveryCallRecordedOnce(audit: AppAudit): void {
  expect(audit.leaks).toEqual([]);
  expect(audit.unjoined).toEqual([]);
  expect(audit).toMatchObject({ decisions: CALLS, duplicated: 0, joined: CALLS, redacted: CALLS });
}

describe('apps in other languages → Collector (loadbalancing) → 3 gateways → reference server', () => {
  it('Node.js: @opentelemetry/instrumentation-openai (content as log records) + openai', async () => {
    const audit = await runThrough('node-openai', '[node-openai e2e', process.execPath, [join(APPS, 'node-openai-app.mjs')]);
    expectEveryCallRecordedOnce(audit);
  });

  // 2.4b0 with opentelemetry-util-genai 1.x only speaks the latest GenAI conventions: `true` is
  // rejected there (it warns and captures nothing); EVENT_ONLY emits the messages in one
  // `gen_ai.client.inference.operation.details` log event per call, beside a content-less span.
  it('Python: opentelemetry-instrumentation-openai-v2 (content capture EVENT_ONLY: log events) + openai', async () => {
    const audit = await runThrough('python-openai-v2', '[python-openai-v2 e2e', python(), ['python_openai_v2_app.py'], {
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'EVENT_ONLY',
    });
    expectEveryCallRecordedOnce(audit);
  });

  it('Python: OpenLLMetry opentelemetry-instrumentation-openai (content on the span) + openai', async () => {
    const audit = await runThrough('python-openllmetry', '[python-openllmetry e2e', python(), ['python_openllmetry_app.py']);
    expectEveryCallRecordedOnce(audit);
  });

  it('no decision twice across the gateways, every chain verifies with `vaxelia-otel verify`', async () => {
    const decisions = (await stack.records()).filter((r) => r.operation !== 'checkpoint');
    const ids = decisions.map((d) => d.decisionId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(decisions).toHaveLength(3 * CALLS);
    const verdict = await stack.verifyWithCli();
    expect(verdict.output).toMatch(/OK: 18 records in \d chain\(s\), no problem found/);
    expect(verdict.code).toBe(0);
  });
});
