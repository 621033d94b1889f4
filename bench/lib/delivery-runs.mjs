// Figures 3 and 4, shared by the root process (OpenTelemetry JS 3.x: ours, OTLP exporters, raw
// ceiling) and the peers' process (2.x: Langfuse, Braintrust). A contender is
//   { name, unit: 'decisions' | 'spans', create() → { tracer, provider, exported?() } }
// where `exported()` counts what a peer's exporter got a success for (ours is counted by the sink),
// and an optional `waitFor(n)` resolves with the count delivered where the sink does not see them.
import { Agent, request } from 'node:http';
import { AI_SCOPE, endAiSpan } from './spans.mjs';
import { turn } from './stats.mjs';

/**
 * End-to-end delivery rate: the app ends `n` AI spans in chunks (yielding between), all delivered.
 * Beside the rate: the main thread's event-loop utilisation (1 = never waiting) and the process's
 * CPU (all threads) per decision over the run — where a contender is bound, CPU or waiting.
 */
export async function throughput(contender, sink, n, { chunk = 64, timeoutMs = 120_000, capture = false } = {}) {
  await sink.reset(capture);
  const { tracer, provider, exported, waitFor } = contender.create();
  const started = performance.now();
  const loopBefore = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < n; i += chunk) {
    for (let j = i; j < Math.min(n, i + chunk); j++) endAiSpan(tracer, j);
    await turn();
  }
  let delivered;
  if (waitFor) {
    delivered = await waitFor(n, timeoutMs);
  } else if (contender.unit === 'decisions') {
    const r = await sink.waitFor(n, timeoutMs);
    delivered = r.counts.decisions;
  } else {
    await provider.forceFlush();
    delivered = exported();
  }
  const seconds = (performance.now() - started) / 1000;
  const mainThreadBusy = performance.eventLoopUtilization(loopBefore).utilization;
  const cpu = process.cpuUsage(cpuBefore);
  await provider.shutdown();
  return { perSecond: delivered / seconds, delivered, seconds, mainThreadBusy, cpuMicrosPerItem: (cpu.user + cpu.system) / n };
}

/** Burst: `n` AI spans ended in one synchronous loop; then everything is flushed; drops counted. */
export async function burst(contender, sink, n, { timeoutMs = 600_000 } = {}) {
  await sink.reset(false);
  const { tracer, provider, exported } = contender.create();
  let peakRss = process.memoryUsage().rss;
  const rssBefore = peakRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  for (let i = 0; i < n; i++) endAiSpan(tracer, i);
  const endLoopMs = performance.now() - started;
  let delivered;
  let timedOut = false;
  if (contender.unit === 'decisions') {
    // Our contract: delivered, or durably queued (then delivered by the drain): wait for the sink.
    await provider.forceFlush();
    const r = await sink.waitFor(n, timeoutMs);
    delivered = r.counts.decisions;
    timedOut = r.timedOut === true;
  } else {
    await provider.forceFlush();
    delivered = exported();
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await provider.shutdown();
  return { n, dropped: n - delivered, delivered, timedOut, endLoopNsPerSpan: (endLoopMs * 1e6) / n, secondsToDeliver: seconds, peakRssGrowthMiB: (peakRss - rssBefore) / 1048576 };
}

/** The raw ceiling: the same JSON bodies POSTed with `concurrency` keep-alive connections, no processing. */
export async function rawNodeHttp(bodies, url, concurrency) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = ({ body, key }) =>
    new Promise((resolve, reject) => {
      const payload = Buffer.from(body);
      const req = request(url, { method: 'POST', agent, headers: headers(payload.length, key) }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(payload);
    });
  const seconds = await pump(bodies, concurrency, post);
  agent.destroy();
  return { perSecond: bodies.length / seconds, delivered: bodies.length, seconds };
}

export async function rawUndici(bodies, origin, path, concurrency) {
  const { Pool } = await import('undici');
  const pool = new Pool(origin, { connections: concurrency });
  const post = async ({ body, key }) => {
    const payload = Buffer.from(body);
    const res = await pool.request({ path, method: 'POST', headers: headers(payload.length, key), body: payload });
    await res.body.dump();
  };
  const cpuBefore = process.cpuUsage();
  const seconds = await pump(bodies, concurrency, post);
  const cpu = process.cpuUsage(cpuBefore);
  await pool.close();
  return { perSecond: bodies.length / seconds, delivered: bodies.length, seconds, cpuMicrosPerItem: (cpu.user + cpu.system) / bodies.length };
}

const headers = (length, key) => ({
  'content-type': 'application/json',
  'content-length': String(length),
  authorization: 'Bearer bench',
  'idempotency-key': key ?? 'k',
});

async function pump(items, concurrency, fn) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
  return (performance.now() - started) / 1000;
}

export { AI_SCOPE };
