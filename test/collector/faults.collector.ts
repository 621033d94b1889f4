/**
 * Faults through the real Collector, three gateways behind its loadbalancing exporter:
 * - a gateway killed with SIGKILL mid-stream, restarted while its sidecar Collector retries;
 * - a sidecar Collector killed with SIGKILL while its persistent queue (file_storage) holds data for
 *   a dead gateway, restarted, and the front Collector retrying into it meanwhile.
 * Every expected decision must reach the reference server exactly once, redacted, and
 * `vaxelia-otel verify` must pass on the server's export (a retry chained twice would show as a
 * duplicate or a gap).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killAllChildren } from './support/child.js';
import { auditDelivery, type DeliveryAudit, retryLines } from './support/delivery-audit.js';
import { type LoadSpan, loadSpans, sendAll } from './support/otlp-load.js';
import { CollectorStack, type DecisionRecord, type GatewayNode } from './support/stack.js';

let stack: CollectorStack | undefined;
const results: string[] = [];

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  await killAllChildren();
});

afterAll(() => {
  if (results.length > 0) console.log(`\ncollector faults:\n${results.join('\n')}\n`);
});

/** Spans ordered service by service within each round, so any slice covers every service. */
function interleaved(run: string, services: number, perService: number): LoadSpan[] {
  return loadSpans(run, services, perService).sort((a, b) => (a.n % perService) - (b.n % perService) || a.n - b.n);
}

/** The gateway node that wrote `chainId` (each gateway journals its chain under <bufferDir>/gateway). */
function nodeOfChain(nodes: GatewayNode[], chainId: string): GatewayNode | undefined {
  return nodes.find((node) => {
    try {
      return readdirSync(join(node.bufferDir, 'gateway')).some((file) => file.startsWith(chainId));
    } catch {
      return false;
    }
  });
}

/** The node that recorded the most of `decisions` (the one whose loss would hurt most). */
function busiestNode(nodes: GatewayNode[], decisions: DecisionRecord[]): GatewayNode {
  const perChain = new Map<string, number>();
  for (const d of decisions) perChain.set(d.chainId, (perChain.get(d.chainId) ?? 0) + 1);
  const [chainId] = [...perChain].sort((a, b) => b[1] - a[1])[0]!;
  const node = nodeOfChain(nodes, chainId);
  if (!node) throw new Error(`no gateway journals chain ${chainId}`);
  return node;
}

async function expectExactlyOnce(s: CollectorStack, spans: LoadSpan[], label: string): Promise<DeliveryAudit> {
  const ids = spans.map((span) => span.decisionId);
  const wanted = new Set(ids);
  const decisions = await s.waitForDecisions((all) => new Set(all.filter((d) => wanted.has(d.decisionId)).map((d) => d.decisionId)).size >= wanted.size, 180_000);
  const audit = auditDelivery(ids, decisions);
  const verdict = await s.verifyWithCli();
  results.push(`${label}: ${audit.expected} expected, ${audit.delivered} delivered, ${audit.lost.length} lost, ${audit.duplicated.length} duplicated, ${audit.unredacted} unredacted, ${audit.chains} chains, verify exit ${verdict.code}`);
  expect(audit.lost).toEqual([]);
  expect(audit.duplicated).toEqual([]);
  expect(audit.unredacted).toBe(0);
  expect(verdict.output).toMatch(/no problem found/);
  expect(verdict.code).toBe(0);
  return audit;
}

describe('kill -9 of a gateway mid-stream, the Collector retrying', () => {
  it('0 decisions lost, 0 chained twice, every chain verifies', async () => {
    stack = await CollectorStack.start({ gateways: 3 });
    const spans = interleaved('kill-gateway', 24, 20);
    const warmUp = spans.slice(0, 120);
    await sendAll(stack.otlpEndpoint, warmUp, 12);
    const seen = await stack.waitForDecisions((all) => all.length >= warmUp.length);
    const victim = busiestNode(stack.nodes, seen);

    // Mid-stream: the next part flows while the busiest gateway is killed; the last part is sent
    // with it dead, so its sidecar Collector must hold and retry that gateway's share.
    const middle = spans.slice(warmUp.length, 240);
    const sending = sendAll(stack.otlpEndpoint, middle, 12, 2);
    await stack.waitForDecisions((all) => all.length >= warmUp.length + 12);
    await victim.gateway.kill9();
    await sending;
    await sendAll(stack.otlpEndpoint, spans.slice(240), 12);
    await victim.sidecar.waitFor(/Exporting failed\. Will retry the request after interval\./);
    await stack.startGateway(victim);

    const audit = await expectExactlyOnce(stack, spans, 'gateway kill -9');
    expect(audit.chains).toBeGreaterThanOrEqual(2);
    // The Collector's own account: it retried what the dead gateway refused.
    expect(retryLines(victim.sidecar.output()).length).toBeGreaterThan(0);
  });
});

describe('kill -9 of a Collector holding a persistent queue, then restart', () => {
  it('its file_storage queue is delivered after the restart: 0 lost, 0 chained twice, every chain verifies', async () => {
    stack = await CollectorStack.start({ gateways: 3 });
    const spans = interleaved('kill-collector', 24, 15);
    const warmUp = spans.slice(0, 72);
    await sendAll(stack.otlpEndpoint, warmUp, 12);
    const seen = await stack.waitForDecisions((all) => all.length >= warmUp.length);
    const victim = busiestNode(stack.nodes, seen);

    // Its gateway dies: the sidecar acknowledges the front and keeps the data in its disk queue.
    await victim.gateway.kill9();
    const queued = spans.slice(warmUp.length, 216);
    await sendAll(stack.otlpEndpoint, queued, 12);
    await victim.sidecar.waitFor(/Exporting failed\. Will retry the request after interval\./);
    // Then the sidecar Collector itself is killed with that queue on disk; more data arrives at the
    // front meanwhile, which now retries into the dead sidecar from its own persistent queue.
    await victim.sidecar.kill9();
    const late = spans.slice(216);
    await sendAll(stack.otlpEndpoint, late, 12);
    await stack.front.waitFor(/Exporting failed\. Will retry the request after interval\./);

    await stack.startGateway(victim);
    await stack.startSidecar(victim);
    await expectExactlyOnce(stack, spans, 'sidecar Collector kill -9 + restart');
  });

  it('a front Collector stopped with its queue full (backends down) and started again delivers that queue', async () => {
    stack = await CollectorStack.start({ gateways: 3 });
    const spans = interleaved('restart-front', 12, 10);
    // Every sidecar down: the front Collector's loadbalancing queue (file_storage) holds everything.
    for (const node of stack.nodes) await node.sidecar.kill9();
    await sendAll(stack.otlpEndpoint, spans, 12);
    await stack.front.waitFor(/Exporting failed\. Will retry the request after interval\./);
    const stopped = await stack.front.stop();
    expect(stopped.code).toBe(0);
    for (const node of stack.nodes) await stack.startSidecar(node);
    await stack.startFront();
    await expectExactlyOnce(stack, spans, 'front Collector restart with a full queue');
  });
});
