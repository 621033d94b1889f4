/**
 * Delivery through a hostile network: a chaos proxy between the processor and the reference server
 * answers 5xx/429, resets connections mid-body, stalls, drips, redirects to another host. Once chaos
 * stops, every decision must be at the server exactly once and every chain must verify.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionLogSpanProcessor } from '../../src/index.js';
import { type DecisionLogServer, startServer } from '../../src/server/index.js';
import { createSdk } from '../support/sdk.js';
import { ChaosProxy, RecordingHost } from './support/chaos-proxy.js';
import { audit, emitChatSpan, exportRecords, newBufferKey, drainAll } from './support/decision-log.js';
import { cycles, sleep } from './support/mode.js';
import { recordResult } from './support/results.js';

const API_KEY = 'torture-chaos-api-key-4f1c9a';
let work: string;
let server: DecisionLogServer;
let other: RecordingHost;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vx-torture-chaos-'));
  server = await startServer({ port: 0, dbPath: join(work, 'log.sqlite'), ingestKey: API_KEY, readKey: `read-${API_KEY}` });
  other = await new RecordingHost().start();
});

afterAll(async () => {
  await server.close();
  await other.stop();
  await rm(work, { recursive: true, force: true });
});


describe('chaos proxy', () => {
  it('every decision arrives exactly once after chaos; the bearer token never reaches the redirect host', async () => {
    const seed = Number(process.env.VAXELIA_TORTURE_SEED ?? Date.now() % 1_000_000);
    const proxy = await new ChaosProxy(server.url, { seed, redirectTo: other.url }).start();
    const bufferDir = join(work, 'buffer-chaos');
    const bufferKey = newBufferKey();
    const errors: string[] = [];
    const processor = new DecisionLogSpanProcessor({
      tenantApiUrl: `${proxy.url}/v1/decisions`,
      apiKey: API_KEY,
      bufferKey,
      bufferDir,
      aiSystemId: 'torture-chaos',
      requestTimeoutMs: 400,
      maxAttempts: 3,
      baseDelayMs: 10,
      maxDelayMs: 100,
      maxRetryAfterMs: 1000,
      drainIntervalMs: 150,
      concurrency: 4,
      logger: (level, message) => {
        if (level === 'error') errors.push(message);
      },
    });
    const sdk = createSdk(processor);
    const ids: string[] = [];
    const rounds = cycles(8, 60);
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < 25; i++) ids.push(emitChatSpan(sdk.llmTracer, ids.length));
      if (round % 3 === 0) await processor.forceFlush();
      await sleep(50);
    }
    await processor.forceFlush();
    // Chaos keeps going for a while with the queue non-empty (drains on the interval).
    await sleep(1500);
    proxy.chaos = false;
    await sdk.shutdown();
    const remaining = await drainAll(`${proxy.url}/v1/decisions`, API_KEY, bufferDir, bufferKey);
    expect(remaining).toBe(0);

    const result = audit(await exportRecords(server.url, `read-${API_KEY}`), ids);
    const faults = proxy.faults;
    recordResult({
      file: 'chaos-proxy',
      scenario: `chaos (seed ${seed})`,
      produced: ids.length,
      delivered: result.delivered,
      duplicates: result.duplicates,
      lost: result.missing.length,
      faults,
      note: Object.entries(proxy.counts)
        .filter(([, n]) => n > 0)
        .map(([m, n]) => `${m}:${n}`)
        .join(' '),
    });
    await proxy.stop();
    expect(result.missing).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(result.delivered).toBe(ids.length);
    expect(result.chainProblems).toEqual([]);
    expect(result.chainOk).toBe(true);
    expect(faults).toBeGreaterThan(10);
    // Redirects are never followed: the other host saw nothing, and certainly no token.
    expect(proxy.counts.redirect).toBeGreaterThan(0);
    expect(other.requests.filter((r) => r.headers.authorization !== undefined)).toEqual([]);
    expect(other.requests).toEqual([]);
    // Transient faults are WARN territory, never a dead letter.
    expect(errors.filter((m) => /dead|permanent/i.test(m))).toEqual([]);
  });

  it('https to a plain-HTTP listener fails cleanly, queues, and delivers once pointed at http', async () => {
    const proxy = await new ChaosProxy(server.url, { modes: ['pass'] }).start();
    const bufferDir = join(work, 'buffer-tls');
    const bufferKey = newBufferKey();
    const processor = new DecisionLogSpanProcessor({
      tenantApiUrl: `https://127.0.0.1:${proxy.port}/v1/decisions`,
      apiKey: API_KEY,
      bufferKey,
      bufferDir,
      aiSystemId: 'torture-tls',
      requestTimeoutMs: 1000,
      maxAttempts: 2,
      baseDelayMs: 10,
      maxDelayMs: 50,
      drainIntervalMs: 200,
      logger: () => {},
    });
    const sdk = createSdk(processor);
    const ids = Array.from({ length: 20 }, (_, n) => emitChatSpan(sdk.llmTracer, n));
    await processor.forceFlush();
    await sleep(500);
    await sdk.shutdown();
    const before = (await exportRecords(server.url, `read-${API_KEY}`)).filter((r) => ids.includes(String(r.decisionId)));
    expect(before).toEqual([]);
    // Nothing was lost: the queue holds every decision and a drain over plain http delivers them.
    expect(await drainAll(`${proxy.url}/v1/decisions`, API_KEY, bufferDir, bufferKey)).toBe(0);
    const result = audit(await exportRecords(server.url, `read-${API_KEY}`), ids);
    recordResult({ file: 'chaos-proxy', scenario: 'https to plain-HTTP', produced: ids.length, delivered: ids.length - result.missing.length, duplicates: result.duplicates, lost: result.missing.length, faults: 1 });
    await proxy.stop();
    expect(result.missing).toEqual([]);
    expect(result.chainOk).toBe(true);
  });
});
