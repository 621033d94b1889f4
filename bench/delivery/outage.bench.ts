/**
 * Issue 5's memory goal, through the path a user has: `DecisionLogSpanProcessor` with product
 * defaults (mapping, redaction, hash chain, encrypted queue, HTTP delivery) on an OpenTelemetry
 * TracerProvider. Run with --expose-gc (bench/delivery/run.mjs does).
 *
 *   1. Warm-up with the endpoint up: WARMUP decisions delivered, so V8's heap has reached the size
 *      this load gives it before the outage starts (see "Reading the figures" below).
 *   2. The endpoint goes down (its server closes: connections are refused).
 *   3. OUTAGE AI spans end; the app ends them in chunks and waits for `forceFlush()` every WINDOW
 *      spans, i.e. it never runs further ahead of the disk than WINDOW decisions (a producer faster
 *      than the disk for minutes is a burst, measured by figure 4, not an outage).
 *   4. RSS after a full GC and the peak sampled every 50 ms, against the RSS at the start of the
 *      outage; also against the process before any traffic, for reference.
 *
 * Reading the figures: V8 sizes its young generation from the allocation and survival it sees,
 * up to 2 × 64 MiB with Node 24's defaults on a machine with a 4 GiB heap limit, and keeps the
 * freed pages resident in its page pool. That reservation follows the load, not the outage length:
 * it is in the warm-up already. The goal is about what the outage adds.
 *
 * Env: BENCH_OUTAGE (200000), BENCH_WARMUP (20000), BENCH_WINDOW (2048), BENCH_CHUNK (64).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { DecisionLogSpanProcessor } from '../../src/index.js';
import { createEncryptedQueue } from '../../src/queue/encrypted-queue.js';
// @ts-expect-error plain ESM helpers shared with the figures
import { AI_SCOPE, endAiSpan } from '../lib/spans.mjs';
import { breakdown, GOAL_BYTES, gc, loadAverage, type MemorySnapshot, MiB, mib, peakSampler, snapshot } from './memory.js';

const OUTAGE = Number(process.env.BENCH_OUTAGE ?? 200_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20_000);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 2048);
const CHUNK = Number(process.env.BENCH_CHUNK ?? 64);

type Tracer = ReturnType<TracerProvider['getTracer']>;

/** Ends `n` AI spans from `first` on, in chunks, flushing every WINDOW spans; calls `tick` per window. */
async function endSpans(tracer: Tracer, processor: DecisionLogSpanProcessor, first: number, n: number, tick: (done: number) => void) {
  for (let done = 0; done < n; ) {
    const end = Math.min(n, done + WINDOW);
    while (done < end) {
      const stop = Math.min(end, done + CHUNK);
      for (; done < stop; done++) endAiSpan(tracer, first + done);
      await new Promise((r) => setImmediate(r));
    }
    await processor.forceFlush();
    tick(done);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vx-outage-'));
  const bufferDir = join(dir, 'buffer');
  const bufferKey = randomBytes(32).toString('base64');
  // The endpoint, in this process while it is up (it is gone before the baseline is taken).
  let received = 0;
  const endpoint = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', () => r()));
  const port = (endpoint.address() as AddressInfo).port;
  let errors = 0;
  const processor = new DecisionLogSpanProcessor({
    tenantApiUrl: `http://127.0.0.1:${port}/v1/decisions`,
    apiKey: 'bench',
    bufferKey,
    bufferDir,
    aiSystemId: 'bench-assistant',
    logger: (level) => {
      if (level === 'error') errors++;
    },
  });
  const provider = new TracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer(AI_SCOPE);
  try {
    gc();
    const cold = snapshot();

    // 1. Warm-up, endpoint up: delivered.
    const warmStarted = performance.now();
    await endSpans(tracer, processor, 0, WARMUP, () => {});
    while (received < WARMUP && performance.now() - warmStarted < 120_000) await new Promise((r) => setTimeout(r, 20));
    const warmSeconds = (performance.now() - warmStarted) / 1000;

    // 2. The endpoint goes down.
    endpoint.closeAllConnections();
    await new Promise((r) => endpoint.close(r));
    await new Promise((r) => setTimeout(r, 500));
    gc();
    const before = snapshot();

    // 3. The outage.
    const peak = peakSampler();
    // RSS after a GC at every tenth of the outage: bounded memory shows as a plateau.
    const tenths: MemorySnapshot[] = [];
    const started = performance.now();
    await endSpans(tracer, processor, WARMUP, OUTAGE, (done) => {
      peak.sample();
      if (done >= ((tenths.length + 1) * OUTAGE) / 10 && done < OUTAGE) {
        gc();
        tenths.push(snapshot());
      }
    });
    const atTenth = tenths[0];
    const seconds = (performance.now() - started) / 1000;
    const peakRss = peak.stop();
    gc();
    const after = snapshot();

    const growth = after.rss - before.rss;
    const peakGrowth = Math.max(peakRss, after.rss) - before.rss;
    const pass = peakGrowth < GOAL_BYTES && growth < GOAL_BYTES;
    await provider.shutdown();
    const status = await createEncryptedQueue({ bufferDir, bufferKey }).status();
    console.log(
      `real path (DecisionLogSpanProcessor, product defaults): warm-up ${WARMUP.toLocaleString('en')} decisions delivered (${received.toLocaleString('en')} requests at the endpoint, checkpoints included) in ${warmSeconds.toFixed(1)} s; ` +
        `then ${OUTAGE.toLocaleString('en')} AI spans ended with the endpoint down in ${seconds.toFixed(1)} s = ${Math.round(OUTAGE / seconds).toLocaleString('en')} decisions/s durably queued ` +
        `(chunks of ${CHUNK}, forceFlush every ${WINDOW}); queue on disk ${status.pending.toLocaleString('en')} pending, ${(status.pendingBytes / MiB).toFixed(0)} MiB; ERROR logs ${errors}; load ${loadAverage()}`,
    );
    console.log(
      `RSS growth over the outage: ${mib(growth)} MiB after GC (peak +${mib(peakGrowth)} MiB; from 10 % to 100 % of the outage ` +
        `${mib(after.rss - (atTenth ?? after).rss)} MiB); baseline ${mib(before.rss)} MiB at the start of the outage ` +
        `(${mib(cold.rss)} MiB before any traffic: +${mib(after.rss - cold.rss)} MiB from there); goal < 64 MB (${mib(GOAL_BYTES)} MiB): ${pass ? 'PASS' : 'MISS'}`,
    );
    console.log(
      `  RSS after GC at each tenth of the outage (MiB over the baseline): ${[...tenths, after].map((t) => `${t.rss >= before.rss ? '+' : ''}${mib(t.rss - before.rss)}`).join(' ')}`,
    );
    console.log(`  at the start of the outage: ${breakdown(cold, before)}  [change from before any traffic]`);
    console.log(`  after the outage, after GC: ${breakdown(before, after)}  [change over the outage]`);
  } finally {
    await provider.shutdown();
    if (endpoint.listening) endpoint.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
