/**
 * Delivery-layer benchmarks (not tests: no assertions, figures printed). Run:
 *   node bench/delivery/run.mjs
 *
 * 1. Raw ceilings of this disk: one fdatasync per record vs grouped appends.
 * 2. Accepted decisions/s through `DeliveryService.write` with the endpoint down (everything is
 *    encrypted and group-committed to the queue), and the average group size.
 * 3. The RSS of that component run (the goal's figure is outage.bench.ts, through the real path).
 * 4. End-to-end delivery rate draining that backlog into a local endpoint (same process).
 *
 * Env: BENCH_OUTAGE (200000), BENCH_WRITERS (64), BENCH_BATCH (16), BENCH_SKIP_RAW, BENCH_SKIP_DRAIN.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeliveryService } from '../../src/delivery/delivery-service.js';
import { breakdown, loadAverage, mib, snapshot } from './memory.js';

const KEY = randomBytes(32).toString('base64');
const OUTAGE = Number(process.env.BENCH_OUTAGE ?? 200_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** A realistic ~1.5 KB decision; ids derived from the counter so the generator stays cheap. */
function decision(n: number) {
  return {
    aiSystemId: 'sys-bench',
    modelUsed: 'gpt-4o-mini',
    input: {
      messages: [
        { role: 'system', parts: [{ type: 'text', content: 'You are a credit pre-screening assistant. Answer briefly.' }] },
        { role: 'user', parts: [{ type: 'text', content: `Applicant <PERSON_1> asks about limit increase #${n}. ${'context '.repeat(60)}` }] },
      ],
    },
    output: { messages: [{ role: 'assistant', parts: [{ type: 'text', content: `Decision ${n}: refer to human review. ${'reason '.repeat(30)}` }] }] },
    status: 'completed' as const,
    decidedAt: new Date().toISOString(),
    decisionId: `bench-${hex(n, 12)}`,
    traceId: hex(n, 32),
    spanId: hex(n, 16),
    usage: { inputTokens: 812, outputTokens: 64 },
    chainId: 'bench-chain',
    seq: n,
    prevHash: hex(n, 64),
    hash: hex(n + 1, 64),
  };
}

async function rawCeiling(dir: string): Promise<void> {
  const record = randomBytes(1100);
  for (const group of [1, 64, 512]) {
    const handle = await open(join(dir, `raw-${group}.log`), 'a', 0o600);
    let records = 0;
    const started = performance.now();
    while (performance.now() - started < 2000) {
      await handle.writev(Array.from({ length: group }, () => record));
      await handle.datasync();
      records += group;
    }
    const seconds = (performance.now() - started) / 1000;
    await handle.close();
    console.log(`raw append, ${String(group).padStart(3)} records per fdatasync: ${Math.round(records / seconds).toLocaleString('en')} records/s`);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vx-bench-'));
  try {
    if (!process.env.BENCH_SKIP_RAW) await rawCeiling(dir);

    // An endpoint that is down: a port that was just closed.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));

    let groups = 0;
    const bufferDir = join(dir, 'buffer');
    const service = createDeliveryService({
      tenantApiUrl: `http://127.0.0.1:${port}/v1/decisions`,
      bufferKey: KEY,
      bufferDir,
      drainOnStart: false,
      drainIntervalMs: 3_600_000,
      maxAttempts: 1,
      afterCommit: async () => {
        groups++;
      },
      logger: () => {},
    });
    // Warm-up, then take the baseline: the first failure marks the endpoint down.
    await service.write([decision(-1)]);
    await new Promise((r) => setTimeout(r, 200));
    gc();
    const before = snapshot();
    const rssBefore = before.rss;
    let peakRss = rssBefore;
    let rssAtTenth: number | undefined;
    // The pipeline hands batches (a BatchSpanProcessor export, a gateway request); single-decision
    // writes (the ComplianceReporter) are the worst case.
    const writers = Number(process.env.BENCH_WRITERS ?? 64);
    const batch = Number(process.env.BENCH_BATCH ?? 16);
    let next = 0;
    groups = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < OUTAGE) {
          const n = next;
          next += batch;
          await service.write(Array.from({ length: Math.min(batch, OUTAGE - n) }, (_, i) => decision(n + i)));
          if (n % 10_000 < batch) peakRss = Math.max(peakRss, process.memoryUsage().rss);
          if (rssAtTenth === undefined && n >= OUTAGE / 10) {
            gc();
            rssAtTenth = process.memoryUsage().rss;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    gc();
    const after = snapshot();
    const rssAfter = after.rss;
    peakRss = Math.max(peakRss, rssAfter);
    const status = await service.queue.status();
    console.log(
      `endpoint down, ${writers} concurrent writers × ${batch} decisions per write: ${OUTAGE.toLocaleString('en')} decisions accepted in ${seconds.toFixed(1)} s = ` +
        `${Math.round(OUTAGE / seconds).toLocaleString('en')} decisions/s; ${groups.toLocaleString('en')} group commits ` +
        `(avg ${(OUTAGE / groups).toFixed(1)} decisions per fdatasync)`,
    );
    console.log(
      `queue on disk: ${status.pending.toLocaleString('en')} pending, ${(status.pendingBytes / 1048576).toFixed(0)} MiB in ${status.segments} segments`,
    );
    // Not the goal's figure (outage.bench.ts is): this process starts cold and its writers run
    // as fast as the disk allows, so V8's young generation grows during the run.
    console.log(
      `queue component RSS (cold start, ${writers} writers flat out): ${mib(rssAfter - rssBefore)} MiB after GC ` +
        `(peak +${mib(peakRss - rssBefore)} MiB; from 10 % to 100 % of the run ${mib(rssAfter - (rssAtTenth ?? rssAfter))} MiB); load ${loadAverage()}`,
    );
    console.log(`  ${breakdown(before, after)}`);
    await service.shutdown();
    if (process.env.BENCH_SKIP_DRAIN) return;

    // The endpoint recovers: drain the backlog from a new process-equivalent.
    let received = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received++;
        res.writeHead(201).end();
      });
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    const drainer = createDeliveryService({
      tenantApiUrl: `http://127.0.0.1:${port}/v1/decisions`,
      bufferKey: KEY,
      bufferDir,
      drainOnStart: false,
      logger: () => {},
    });
    const drainStarted = performance.now();
    const result = await drainer.flushBuffer();
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    console.log(
      `recovery drain: ${result.sent.toLocaleString('en')} delivered in ${drainSeconds.toFixed(1)} s = ` +
        `${Math.round(result.sent / drainSeconds).toLocaleString('en')} decisions/s (concurrency 8, keep-alive); remaining ${result.remaining}; endpoint saw ${received}`,
    );
    await drainer.shutdown();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
