/**
 * kill -9 at random moments under load, repeated: of the instrumented app (built package), of the
 * gateway (`vaxelia-otel gateway`, fed by the real OTLP exporter) and of the reference server
 * (`vaxelia-otel serve`). Afterwards every acknowledged decision is at the server exactly once and
 * every chain verifies.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionLogSpanProcessor, decisionIdFor } from '../../src/index.js';
import type { SpanLike } from '../../src/otel-types.js';
import { startServer } from '../../src/server/index.js';
import { exportSpans } from '../gateway/support/otlp-clients.js';
import { createSdk } from '../support/sdk.js';
import { audit, emitChatSpan, exportRecords, newBufferKey, drainAll } from './support/decision-log.js';
import { cycles, sleep, waitFor } from './support/mode.js';
import { CLI, freePort, spawnNode, spawnServe, type Child } from './support/processes.js';
import { recordResult } from './support/results.js';

const API_KEY = 'torture-crash-api-key-81be';
const KILLS = cycles(5, 50);
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'vx-torture-crash-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});


async function bufferStatus(dir: string, key: string): Promise<Record<string, unknown>> {
  const child = spawnNode([CLI, 'buffer', 'status', '--json', '--dir', dir], { VAXELIA_BUFFER_KEY: key });
  await child.exited;
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

function report(scenario: string, produced: number, result: ReturnType<typeof audit>, faults: number, maxRssBytes = 0, note = '') {
  recordResult({
    file: 'crash',
    scenario,
    produced,
    delivered: result.delivered,
    duplicates: result.duplicates,
    lost: result.missing.length,
    faults,
    maxRssBytes,
    note,
  });
}

describe('kill -9', () => {
  it(`of the instrumented app, ${KILLS} times under load`, { timeout: 60_000 + KILLS * 8_000 }, async () => {
    const server = await startServer({ port: 0, dbPath: join(work, 'app.sqlite'), ingestKey: API_KEY, readKey: `read-${API_KEY}` });
    const bufferDir = join(work, 'app-buffer');
    const bufferKey = newBufferKey();
    const url = `${server.url}/v1/decisions`;
    const acknowledged = new Set<string>();
    let maxRss = 0;
    for (let run = 0; run < KILLS; run++) {
      const child = spawnNode([join(process.cwd(), 'test/torture/support/app-child.mjs')], {
        CHILD_RUN: String(run),
        CHILD_URL: url,
        CHILD_API_KEY: API_KEY,
        CHILD_BUFFER_KEY: bufferKey,
        CHILD_DIR: bufferDir,
      });
      let collecting = true;
      child.onLine((line) => {
        if (collecting && line.startsWith('ok ')) for (const id of line.slice(3).split(' ')) acknowledged.add(id);
        if (line.startsWith('rss ')) maxRss = Math.max(maxRss, Number(line.slice(4)));
      });
      await child.waitFor(/ready/);
      await sleep(300 + Math.random() * 1200);
      // Everything acknowledged up to here was flushed before the kill.
      collecting = false;
      await child.kill9();
    }
    expect(await drainAll(url, API_KEY, bufferDir, bufferKey)).toBe(0);
    const result = audit(await exportRecords(server.url, `read-${API_KEY}`), acknowledged);
    report('kill -9 app', acknowledged.size, result, KILLS, maxRss, `child max RSS ${(maxRss / 1_048_576).toFixed(0)} MiB`);
    await server.close();
    expect(acknowledged.size).toBeGreaterThan(KILLS * 5);
    expect(result.missing).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(result.chainProblems).toEqual([]);
  });

  it(`of the gateway, ${KILLS} times, fed by the real OTLP/protobuf exporter`, { timeout: 60_000 + KILLS * 10_000 }, async () => {
    const server = await startServer({ port: 0, dbPath: join(work, 'gw.sqlite'), ingestKey: API_KEY, readKey: `read-${API_KEY}` });
    const bufferDir = join(work, 'gw-buffer');
    const bufferKey = newBufferKey();
    const url = `${server.url}/v1/decisions`;
    const port = await freePort();
    const gwEnv = {
      VAXELIA_TENANT_API_URL: url,
      VAXELIA_API_KEY: API_KEY,
      VAXELIA_BUFFER_KEY: bufferKey,
      VAXELIA_BUFFER_DIR: bufferDir,
      VAXELIA_AI_SYSTEM_ID: 'torture-gateway',
    };
    const gateways: Child[] = [];
    const start = async () => {
      const child = spawnNode([CLI, 'gateway', '--port', String(port), '--log-wait-ms', '0'], gwEnv);
      gateways.push(child);
      await child.waitFor(/listening on/);
      return child;
    };
    const acknowledged = new Set<string>();
    const attempted = new Set<string>();
    let n = 0;
    let feeding = true;
    let failedExports = 0;
    const feed = (async () => {
      while (feeding) {
        const spans: SpanLike[] = [];
        const ids: string[] = [];
        for (let i = 0; i < 4; i++) {
          const traceId = randomBytes(16).toString('hex');
          const spanId = randomBytes(8).toString('hex');
          const now = Date.now();
          spans.push({
            name: 'chat gpt-torture',
            kind: 2,
            spanContext: () => ({ traceId, spanId, traceFlags: 1 }),
            startTime: [Math.floor(now / 1000) - 1, 0],
            endTime: [Math.floor(now / 1000), 0],
            status: { code: 0 },
            attributes: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.provider.name': 'openai',
              'gen_ai.request.model': 'gpt-torture',
              'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `gw question ${n++}` }] }]),
            },
            events: [],
            resource: { attributes: { 'service.name': 'torture-otlp' } },
            instrumentationScope: { name: 'torture' },
          } as SpanLike);
          ids.push(decisionIdFor(traceId, spanId));
        }
        for (const id of ids) attempted.add(id);
        const result = await exportSpans(`http://127.0.0.1:${port}`, spans, 'protobuf');
        if (result.code === 0) for (const id of ids) acknowledged.add(id);
        else {
          failedExports++;
          await sleep(20);
        }
      }
    })();
    let gateway: Child = await start();
    for (let k = 0; k < KILLS; k++) {
      await sleep(400 + Math.random() * 1200);
      await gateway.kill9();
      await sleep(Math.random() * 200);
      gateway = await start();
    }
    // The feed is one export at a time, and the exporter backs off (1 s, 1.5 s, …) on every refused
    // or reset attempt: an unlucky export can sleep through all the kills. Keep feeding the last
    // gateway until enough got through for the audit to mean something.
    await waitFor(() => acknowledged.size > KILLS * 4, 30_000);
    await sleep(500);
    feeding = false;
    await feed;
    gateway.proc.kill('SIGTERM');
    await gateway.exited;
    const drainLines: string[] = [];
    expect(await drainAll(url, API_KEY, bufferDir, bufferKey, (level, message, fields) => drainLines.push(JSON.stringify({ level, msg: message, ...fields })))).toBe(0);
    const status = await bufferStatus(bufferDir, bufferKey);
    const result = audit(await exportRecords(server.url, `read-${API_KEY}`), acknowledged);
    const attemptedMissing = audit(result.records, attempted).missing.length;
    const gaps = result.chainProblems as { kind: string; detail?: string }[];
    report('kill -9 gateway', acknowledged.size, result, KILLS, 0, `${failedExports} exports refused; ${attempted.size - acknowledged.size} unacked, ${attemptedMissing} of them missing; chain gaps: ${gaps.map((g) => g.detail).join(', ') || 'none'}`);
    await server.close();
    expect(acknowledged.size).toBeGreaterThan(KILLS * 4);
    expect(result.missing).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(status).toMatchObject({ pending: 0, deadLettered: 0 });
    // A kill -9 in the middle of a write can leave a torn tail on the killed gateway's segment (those
    // bytes were never fsynced, so never acknowledged): whoever adopts the segment quarantines the
    // tail at WARN. Unreadable bytes anywhere but at the end of a segment would be a defect. (A CI
    // dry run saw 1 such tail in one of ~20 runs; the test had required 0.)
    const unreadable = [...gateways.flatMap((g) => g.stderr.split('\n')), ...drainLines].filter((line) => line.includes('unreadable bytes'));
    expect(unreadable.filter((line) => !line.includes('"atEnd":true'))).toEqual([]);
    expect((status as { quarantined: number }).quarantined).toBeLessThanOrEqual(unreadable.length);
    // Every chain verifies with no gap and no fork. Found by this suite and fixed: a restarted
    // gateway now persists the chain head it recovers from a crashed process's segments before
    // those segments can be delivered and deleted (else the next restart reused their seqs), and
    // journals recorded decision ids (else a Collector retry arriving after the segment holding
    // them was deleted was chained a second time, and the endpoint's de-duplication left a gap).
    expect(result.chainProblems).toEqual([]);
  });

  it(`of the reference server, ${KILLS} times, while the processor delivers`, { timeout: 60_000 + KILLS * 8_000 }, async () => {
    const port = await freePort();
    const db = join(work, 'serve.sqlite');
    const bufferDir = join(work, 'serve-buffer');
    const bufferKey = newBufferKey();
    const url = `http://127.0.0.1:${port}/v1/decisions`;
    const processor = new DecisionLogSpanProcessor({
      tenantApiUrl: url,
      apiKey: API_KEY,
      bufferKey,
      bufferDir,
      aiSystemId: 'torture-serve',
      requestTimeoutMs: 1000,
      maxAttempts: 2,
      baseDelayMs: 10,
      maxDelayMs: 100,
      drainIntervalMs: 150,
      logger: () => {},
    });
    const sdk = createSdk(processor);
    const acknowledged = new Set<string>();
    let producing = true;
    const produce = (async () => {
      let n = 0;
      while (producing) {
        const ids = Array.from({ length: 5 }, () => emitChatSpan(sdk.llmTracer, n++));
        await processor.forceFlush();
        for (const id of ids) acknowledged.add(id);
        await sleep(5);
      }
    })();
    let server = await spawnServe(port, db, API_KEY);
    for (let k = 0; k < KILLS; k++) {
      await sleep(300 + Math.random() * 1000);
      await server.kill9();
      await sleep(Math.random() * 400);
      server = await spawnServe(port, db, API_KEY);
    }
    await sleep(300);
    producing = false;
    await produce;
    await sdk.shutdown();
    expect(await drainAll(url, API_KEY, bufferDir, bufferKey)).toBe(0);
    const result = audit(await exportRecords(`http://127.0.0.1:${port}`, `read-${API_KEY}`), acknowledged);
    report('kill -9 server', acknowledged.size, result, KILLS);
    server.proc.kill('SIGTERM');
    await server.exited;
    expect(acknowledged.size).toBeGreaterThan(KILLS * 5);
    expect(result.missing).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(result.chainProblems).toEqual([]);
  });
});
