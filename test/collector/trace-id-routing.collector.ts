/**
 * Why examples/collector routes by the `service.name` attribute and not by trace id: in the
 * loadbalancing exporter v0.161.0, spans are hashed on the trace id's 16 raw bytes and log records
 * on its 32-character hex form, so with three gateways a trace's log records usually reach another
 * gateway than its span, and content that an instrumentation emits as log events never joins its
 * decision. This runs the example's front configuration with only the routing changed to
 * `routing_key: traceID`; when an upstream release hashes both alike, this test fails, and the
 * example can go back to trace-id routing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockOpenAIServer, startMockOpenAIServer } from '../e2e/support/mock-openai-server.js';
import { auditApp, callsOf, decisionsFor } from './support/app-audit.js';
import { killAllChildren } from './support/child.js';
import { APPS, CollectorStack, FRONT_CONFIG } from './support/stack.js';

const CALLS = 8;
let mock: MockOpenAIServer;
let stack: CollectorStack | undefined;

beforeAll(async () => {
  mock = await startMockOpenAIServer();
});

afterAll(async () => {
  await stack?.stop();
  await mock?.close();
  await killAllChildren();
});

describe('loadbalancing routing_key: traceID (v0.161.0)', () => {
  it('sends a trace’s log records to another gateway than its span: log-borne content is not joined', async () => {
    const example = readFileSync(FRONT_CONFIG, 'utf8');
    const routing = 'routing_key: attributes\n    routing_attributes: [service.name]\n';
    expect(example).toContain(routing);
    stack = await CollectorStack.start({ gateways: 3 });
    const traceIdConfig = join(stack.dir, 'otelcol-trace-id.yaml');
    writeFileSync(traceIdConfig, example.replace(routing, 'routing_key: traceID\n'));
    await stack.front.stop();
    await stack.startFront(traceIdConfig);

    const lines = await stack.runApp('node-openai', process.execPath, [join(APPS, 'node-openai-app.mjs')], {
      OPENAI_BASE_URL: mock.baseURL,
      APP_CALLS: String(CALLS),
      APP_RUN_ID: 'trace-id-routing',
    });
    const calls = callsOf(lines);
    const mine = decisionsFor(calls);
    const decisions = mine(await stack.waitForDecisions((all) => mine(all).length >= CALLS));
    const audit = auditApp('node-openai', '[node-openai trace-id-routing', calls, decisions);
    console.log(`\nrouting_key traceID: ${audit.calls} calls, ${audit.decisions} decisions, ${audit.joined} with their content joined\n`);
    expect(audit.decisions).toBe(CALLS);
    // Each trace's logs go to the span's gateway with probability 1/3: all 8 joined ≈ 0.015 %.
    expect(audit.joined).toBeLessThan(CALLS);
  });
});
