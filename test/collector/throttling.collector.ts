/**
 * The gateway's back-pressure answers, as the real Collector's otlp_http exporter (v0.161.0,
 * exporter/otlphttpexporter/otlp.go) takes them: 429, 502, 503 and 504 are retryable, and for 429
 * and 503 a Retry-After in seconds (or an HTTP date) makes the retry wait max(backoff, Retry-After)
 * (exporterhelper/internal/retry_sender.go); any other 4xx/5xx is permanent and the batch is
 * dropped. Checked here on the Collector's own log of each retry ("Will retry the request after
 * interval", with the interval it chose) and on the outcome: every decision delivered once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { killAllChildren } from './support/child.js';
import { auditDelivery, retryLines } from './support/delivery-audit.js';
import { loadSpans, sendTraces, tracesRequest } from './support/otlp-load.js';
import { CollectorStack } from './support/stack.js';

/** The gateway's Retry-After (GatewayOptions.retryAfterSeconds default). */
const RETRY_AFTER_MS = 5_000;
let stack: CollectorStack | undefined;

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  await killAllChildren();
});

async function expectAllDeliveredOnce(s: CollectorStack, ids: string[]): Promise<void> {
  const wanted = new Set(ids);
  const decisions = await s.waitForDecisions((all) => new Set(all.filter((d) => wanted.has(d.decisionId)).map((d) => d.decisionId)).size >= wanted.size, 180_000);
  const audit = auditDelivery(ids, decisions);
  expect(audit.lost).toEqual([]);
  expect(audit.duplicated).toEqual([]);
  const verdict = await s.verifyWithCli();
  expect(verdict.output).toMatch(/no problem found/);
  expect(verdict.code).toBe(0);
}

describe('gateway back-pressure → the real Collector retries as told', () => {
  it('503 + Retry-After (decision queue at its limit, endpoint down): retried no sooner than Retry-After, then delivered once', async () => {
    // The reference server is not up yet: decisions pile up in the gateway's encrypted queue until
    // --max-queue-depth, then trace requests get 503 with Retry-After.
    stack = await CollectorStack.start({ gateways: 1, gatewayArgs: ['--max-queue-depth', '5'], deferServer: true });
    const spans = loadSpans('throttle-503', 4, 10);
    const node = stack.nodes[0]!;
    await sendTraces(stack.otlpEndpoint, tracesRequest(spans.slice(0, 12)));
    await stack.waitForReadyz(node, /^503 decision queue at its limit/);
    await sendTraces(stack.otlpEndpoint, tracesRequest(spans.slice(12)));
    const sidecar = node.sidecar;
    await sidecar.waitFor(/Will retry the request after interval\.[^\n]*Status Code 503/);
    await stack.startServer();
    await expectAllDeliveredOnce(
      stack,
      spans.map((s) => s.decisionId),
    );
    const throttled = retryLines(sidecar.output()).filter((line) => line.error.includes('Status Code 503'));
    expect(throttled.length).toBeGreaterThan(0);
    for (const line of throttled) expect(line.intervalMs).toBeGreaterThanOrEqual(RETRY_AFTER_MS);
    console.log(`\n503: ${throttled.length} retries logged by the Collector, intervals ${throttled.map((l) => l.intervalMs).join(', ')} ms\n`);
  });

  it('429 + Retry-After (in-flight limit): retried no sooner than Retry-After, then delivered once', async () => {
    // One request at a time, and content-less spans hold their request up to --log-wait-ms waiting
    // for log records: a second batch reaching the gateway meanwhile gets 429 with Retry-After.
    stack = await CollectorStack.start({ gateways: 1, gatewayArgs: ['--max-inflight', '1', '--log-wait-ms', '10000'] });
    const spans = loadSpans('throttle-429', 2, 6);
    const node = stack.nodes[0]!;
    const sidecar = node.sidecar;
    await sendTraces(stack.otlpEndpoint, tracesRequest(spans.slice(0, 6), true));
    // Once the first batch is inside the gateway holding its one slot, the second one is sent.
    await stack.waitForReadyz(node, /^503 at the concurrent request limit/);
    await sendTraces(stack.otlpEndpoint, tracesRequest(spans.slice(6), true));
    await sidecar.waitFor(/Will retry the request after interval\.[^\n]*Status Code 429/);
    await expectAllDeliveredOnce(
      stack,
      spans.map((s) => s.decisionId),
    );
    const throttled = retryLines(sidecar.output()).filter((line) => line.error.includes('Status Code 429'));
    expect(throttled.length).toBeGreaterThan(0);
    for (const line of throttled) expect(line.intervalMs).toBeGreaterThanOrEqual(RETRY_AFTER_MS);
    console.log(`\n429: ${throttled.length} retries logged by the Collector, intervals ${throttled.map((l) => l.intervalMs).join(', ')} ms\n`);
  });
});
