/**
 * Content sent through the Logs API (the official OpenAI instrumentations) arrives in its own
 * request. The gateway acknowledges it only once stored encrypted, so a gateway that stops (or
 * crashes) between a logs request and its trace request still joins the content after its restart.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/chain/verify/verify-chain.js';
import type { AIDecision } from '../../src/decision.js';
import { loadFixture } from '../support/fixtures.js';
import { GatewayHarness } from './support/gateway-harness.js';
import { exportLogs, exportSpans } from './support/otlp-clients.js';

let harness: GatewayHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const FIXTURE = 'otel-contrib-openai/chat.json';

function contentOf(decision: AIDecision | undefined): string {
  return JSON.stringify([decision?.input, decision?.output]);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('gen_ai log records across a gateway restart', () => {
  it('logs acknowledged by one process join their span received by the next', async () => {
    harness = await new GatewayHarness().start();
    const bufferDir = mkdtempSync(join(tmpdir(), 'vaxelia-gateway-logs-'));
    const fixture = loadFixture(FIXTURE);
    expect(fixture.logs.length).toBeGreaterThan(0);

    const first = await harness.gateway({ bufferDir, logWaitMs: 0 });
    expect((await exportLogs(first.url, fixture.logs)).code).toBe(0);
    await first.close();
    // Stored encrypted: no message text on disk, private files.
    const files = filesUnder(join(bufferDir, 'gateway', 'logs'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(readFileSync(file).includes('customer-support assistant')).toBe(false);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }

    const second = await harness.gateway({ bufferDir, logWaitMs: 0 });
    expect((await exportSpans(second.url, fixture.spans, 'protobuf')).code).toBe(0);
    await second.close();

    // The same spans through one gateway that got both requests: the reference.
    const reference = await harness.gateway({ logWaitMs: 0 });
    expect((await exportLogs(reference.url, fixture.logs)).code).toBe(0);
    expect((await exportSpans(reference.url, fixture.spans, 'protobuf')).code).toBe(0);
    await reference.close();

    const decisions = harness.decisions();
    const traceId = fixture.spans[0]!.spanContext().traceId;
    const [restarted, together] = [decisions[0], decisions.at(-1)];
    expect(decisions.filter((d) => d.traceId === traceId)).toHaveLength(2);
    expect(contentOf(together)).toContain('"content"');
    expect(contentOf(restarted)).toEqual(contentOf(together));
    expect(verifyChain(harness.received()).problems).toEqual([]);
  });

  it('a logs request retried by the Collector does not repeat the messages', async () => {
    harness = await new GatewayHarness().start();
    const fixture = loadFixture(FIXTURE);
    const gw = await harness.gateway({ logWaitMs: 0 });
    expect((await exportLogs(gw.url, fixture.logs)).code).toBe(0);
    expect((await exportLogs(gw.url, fixture.logs)).code).toBe(0);
    expect((await exportSpans(gw.url, fixture.spans, 'protobuf')).code).toBe(0);
    await gw.close();

    const reference = await harness.gateway({ logWaitMs: 0 });
    expect((await exportLogs(reference.url, fixture.logs)).code).toBe(0);
    expect((await exportSpans(reference.url, fixture.spans, 'protobuf')).code).toBe(0);
    await reference.close();
    const [twice, once] = harness.decisions();
    expect(contentOf(once)).toContain('"content"');
    expect(contentOf(twice)).toEqual(contentOf(once));
  });
});
