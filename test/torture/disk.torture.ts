/**
 * Disk faults: the buffer directory deleted while running, made read-only, filled up; clock jumps
 * (the queue and the transport take an injectable `now`); two processes and a CLI `buffer drain`
 * on one buffer directory at once. Every decision is delivered, or accounted for by an ERROR
 * ("decisions not recorded", with a count): never lost silently, never a throw into the app.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryService } from '../../src/delivery/delivery-service.js';
import { DecisionLogSpanProcessor } from '../../src/index.js';
import { DRAIN_ONLY_RETRY_MS } from '../../src/pipeline/drain-only.js';
import { createEncryptedQueue } from '../../src/queue/encrypted-queue.js';
import { type DecisionLogServer, startServer } from '../../src/server/index.js';
import { createSdk } from '../support/sdk.js';
import { ChaosProxy } from './support/chaos-proxy.js';
import { audit, emitChatSpan, exportRecords, newBufferKey, drainAll } from './support/decision-log.js';
import { sleep } from './support/mode.js';
import { mountTmpfs, remount, unmount } from './support/mounts.js';
import { CLI, spawnNode } from './support/processes.js';
import { recordResult } from './support/results.js';

const API_KEY = 'torture-disk-api-key-c0ffee';
let work: string;
let server: DecisionLogServer;
const mounts: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vx-torture-disk-'));
  server = await startServer({ port: 0, dbPath: join(work, 'log.sqlite'), ingestKey: API_KEY, readKey: `read-${API_KEY}` });
});
afterAll(async () => {
  for (const m of mounts) unmount(m);
  await server.close();
  // A processor whose constructor threw may still create files a moment later (reported).
  await sleep(300);
  await rm(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => {});
});


/** A processor behind an outage (the proxy answers 503 until `proxy.chaos = false`), counting ERRORs. */
async function outageProcessor(bufferDir: string, name: string) {
  const proxy = await new ChaosProxy(server.url, { modes: ['status5xx'] }).start();
  const bufferKey = newBufferKey();
  let notRecorded = 0;
  const errors: string[] = [];
  const processor = new DecisionLogSpanProcessor({
    tenantApiUrl: `${proxy.url}/v1/decisions`,
    apiKey: API_KEY,
    bufferKey,
    bufferDir,
    aiSystemId: name,
    requestTimeoutMs: 1000,
    maxAttempts: 2,
    baseDelayMs: 10,
    maxDelayMs: 50,
    drainIntervalMs: 200,
    shutdownTimeoutMs: 5000,
    logger: (level, message, fields) => {
      if (level !== 'error') return;
      errors.push(message);
      if (message === 'decisions not recorded') notRecorded += Number((fields as { count?: number })?.count ?? 0);
    },
  });
  const sdk = createSdk(processor);
  return { proxy, bufferKey, processor, sdk, errors, notRecorded: () => notRecorded };
}

/** Emits `count` spans; the app must never see a throw. */
function emit(tracer: ReturnType<typeof createSdk>['llmTracer'], count: number, from: number, content?: (n: number) => string): string[] {
  const ids: string[] = [];
  for (let n = from; n < from + count; n++) {
    expect(() => ids.push(emitChatSpan(tracer, n, content?.(n)))).not.toThrow();
  }
  return ids;
}

/** forceFlush must settle in bounded time even when the disk is gone (a liveness bound, not performance). */
async function boundedFlush(p: DecisionLogSpanProcessor): Promise<'ok' | 'rejected' | 'hung'> {
  return Promise.race([
    p.forceFlush().then(
      () => 'ok' as const,
      () => 'rejected' as const,
    ),
    sleep(30_000).then(() => 'hung' as const),
  ]);
}

async function finish(
  scenario: string,
  env: Awaited<ReturnType<typeof outageProcessor>>,
  bufferDir: string,
  mustAccount: string[],
  note: string,
  tolerateShutdownRejection = false,
  knownBug?: string,
) {
  env.proxy.chaos = false;
  // Shutdown must not reject into the app; when it does (see the KNOWN BUG test) it is noted here.
  const shutdownError = await env.sdk.shutdown().then(
    () => undefined,
    (e: unknown) => (e as Error)?.message ?? String(e),
  );
  if (shutdownError) note += `; shutdown() REJECTED: ${shutdownError.replace(/\/tmp\/\S+/g, '<path>')}`;
  await drainAll(`${env.proxy.url}/v1/decisions`, API_KEY, bufferDir, env.bufferKey).catch(() => -1);
  const result = audit(await exportRecords(server.url, `read-${API_KEY}`), mustAccount);
  // Missing decisions are acceptable only when an ERROR counted them.
  const unaccounted = Math.max(0, result.missing.length - env.notRecorded());
  recordResult({
    file: 'disk',
    scenario,
    produced: mustAccount.length,
    delivered: mustAccount.length - result.missing.length,
    duplicates: result.duplicates,
    lost: unaccounted,
    faults: 1,
    note: `${env.notRecorded()} reported not recorded (ERROR); ${note}`,
    knownBug,
  });
  await env.proxy.stop();
  expect(unaccounted).toBe(0);
  expect(result.duplicates).toBe(0);
  if (!tolerateShutdownRejection) expect(shutdownError).toBeUndefined();
}

describe('disk faults', () => {
  // Found by this suite (fixed): the queue kept appending to its open, unlinked segment, so decisions
  // ending after an `rm -rf` of the buffer directory vanished silently. It now notices the unlinked
  // segment (nlink 0), logs an ERROR and recreates the directory; the chain head file follows.
  it('buffer directory deleted while running: later decisions are still recorded', async () => {
    const bufferDir = join(work, 'deleted');
    const env = await outageProcessor(bufferDir, 'torture-deleted');
    const before = emit(env.sdk.llmTracer, 30, 0);
    expect(await boundedFlush(env.processor)).toBe('ok');
    await rm(bufferDir, { recursive: true, force: true });
    const after = emit(env.sdk.llmTracer, 30, 30);
    expect(await boundedFlush(env.processor)).not.toBe('hung');
    await sleep(300);
    const lostByOperator = audit(await exportRecords(server.url, `read-${API_KEY}`), before).missing.length;
    await finish('buffer dir deleted', env, bufferDir, after, `${lostByOperator}/30 queued before the rm were destroyed by it (operator fault, not counted)`, false);
  });

  // Found by this suite (fixed): shutdown() rejected with the raw ENOENT of the chain head write,
  // into the app through TracerProvider.shutdown(). Each shutdown step now logs its failure instead.
  it('shutdown() resolves after the buffer directory was deleted', async () => {
    const bufferDir = join(work, 'deleted-shutdown');
    const env = await outageProcessor(bufferDir, 'torture-deleted-2');
    emit(env.sdk.llmTracer, 5, 0);
    await boundedFlush(env.processor);
    await rm(bufferDir, { recursive: true, force: true });
    env.proxy.chaos = false;
    try {
      await expect(env.processor.shutdown()).resolves.toBeUndefined();
    } finally {
      await env.proxy.stop();
    }
  });

  it('buffer directory made read-only', async () => {
    const mountDir = join(work, 'ro-mount');
    let bufferDir = join(mountDir, 'buf');
    const mounted = mountTmpfs(mountDir, '8m');
    if (mounted) mounts.push(mountDir);
    else {
      // Fallback: a path under a regular file can never be created (ENOTDIR).
      writeFileSync(join(work, 'regular-file'), 'x');
      bufferDir = join(work, 'regular-file', 'buf');
    }
    const env = await outageProcessor(bufferDir, 'torture-ro');
    const first = emit(env.sdk.llmTracer, 20, 0);
    expect(await boundedFlush(env.processor)).not.toBe('hung');
    // `remount,ro` is refused (EBUSY) while the queue holds files open for writing; then a read-only
    // tmpfs is mounted over the buffer directory: open descriptors keep their (hidden) files, every
    // new open, rename or mkdir hits a read-only filesystem.
    let how = 'mount not permitted: ENOTDIR fallback';
    let ro = false;
    let overmounted = false;
    if (mounted) {
      ro = remount(mountDir, 'ro');
      how = 'tmpfs remount,ro';
      if (!ro && mountTmpfs(bufferDir, '64k')) {
        overmounted = remount(bufferDir, 'ro');
        how = overmounted ? 'read-only tmpfs mounted over the buffer dir' : 'ro fallback failed';
        if (!overmounted) unmount(bufferDir);
      }
    }
    const during = emit(env.sdk.llmTracer, 20, 20);
    expect(await boundedFlush(env.processor)).not.toBe('hung');
    await sleep(500);
    if (ro) remount(mountDir, 'rw');
    if (overmounted) unmount(bufferDir);
    const afterwards = emit(env.sdk.llmTracer, 20, 40);
    expect(await boundedFlush(env.processor)).not.toBe('hung');
    await finish(
      mounted ? 'buffer dir read-only' : 'buffer dir under a regular file',
      env,
      bufferDir,
      [...first, ...during, ...afterwards],
      how,
    );
  });

  it('buffer directory read-only from the start', async (ctx) => {
    const mountDir = join(work, 'ro-start');
    if (!mountTmpfs(mountDir, '1m') || !remount(mountDir, 'ro')) {
      recordResult({ file: 'disk', scenario: 'read-only from the start', skipped: true, note: 'mount not permitted' });
      unmount(mountDir);
      ctx.skip();
      return;
    }
    mounts.push(mountDir);
    const bufferDir = join(mountDir, 'buf');
    let env: Awaited<ReturnType<typeof outageProcessor>>;
    try {
      env = await outageProcessor(bufferDir, 'torture-ro-start');
    } catch (error) {
      // Failing at construction, where the user wires it, is the contract: a ConfigError naming the
      // option and env var (found by this suite: it used to be a raw ENOENT).
      const e = error as NodeJS.ErrnoException;
      recordResult({ file: 'disk', scenario: 'read-only from the start', produced: 0, lost: 0, faults: 1, note: `constructor threw ${e.name} (${e.code ?? 'no code'})` });
      expect(e.name).toBe('ConfigError');
      expect(e.message).toContain('VAXELIA_BUFFER_DIR');
      return;
    }
    const ids = emit(env.sdk.llmTracer, 20, 0);
    expect(await boundedFlush(env.processor)).not.toBe('hung');
    await sleep(300);
    await finish('read-only from the start', env, bufferDir, ids, 'EROFS on every write', true);
  });

  it('buffer filesystem full at start: decisions are refused loudly, and recorded again once space is back (no restart)', async (ctx) => {
    const mountDir = join(work, 'full-at-start');
    if (!mountTmpfs(mountDir, '1m')) {
      recordResult({ file: 'disk', scenario: 'full at start, then space', skipped: true, note: 'mount not permitted' });
      ctx.skip();
      return;
    }
    mounts.push(mountDir);
    const bufferDir = join(mountDir, 'buf');
    // A first run lays the buffer directory out (its chain, its queue), then the disk is filled.
    const first = await outageProcessor(bufferDir, 'torture-full-at-start');
    first.proxy.chaos = false;
    const before = emit(first.sdk.llmTracer, 5, 0);
    await first.sdk.shutdown();
    await first.proxy.stop();
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${join(mountDir, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
    } catch {
      // ENOSPC: the point
    }
    const env = await outageProcessor(bufferDir, 'torture-full-at-start');
    env.proxy.chaos = false;
    expect(env.errors.some((m) => m.includes('buffer directory is full'))).toBe(true);
    const refused = emit(env.sdk.llmTracer, 5, 5);
    expect(await boundedFlush(env.processor)).not.toBe('hung');
    expect(env.notRecorded()).toBe(5); // refused, and said so
    rmSync(join(mountDir, 'filler'));
    await sleep(DRAIN_ONLY_RETRY_MS + 1_000);
    const after = emit(env.sdk.llmTracer, 5, 10);
    expect(await boundedFlush(env.processor)).toBe('ok');
    await finish('full at start, then space (no restart)', env, bufferDir, [...before, ...refused, ...after], '5 refused while full, 5 recorded after');
    expect(audit(await exportRecords(server.url, `read-${API_KEY}`), [...before, ...after]).missing).toEqual([]);
  });

  it('buffer filesystem full (tmpfs size=256k)', async (ctx) => {
    const mountDir = join(work, 'full-mount');
    if (!mountTmpfs(mountDir, '256k')) {
      recordResult({ file: 'disk', scenario: 'disk full', skipped: true, note: 'mount not permitted' });
      ctx.skip();
      return;
    }
    mounts.push(mountDir);
    const bufferDir = join(mountDir, 'buf');
    const env = await outageProcessor(bufferDir, 'torture-full');
    const ids: string[] = [];
    // ~16 KiB of incompressible content per decision: 40 × 4 decisions overflow 256 KiB.
    for (let batch = 0; batch < 40; batch++) {
      ids.push(...emit(env.sdk.llmTracer, 4, ids.length, () => randomBytes(12_000).toString('base64')));
      expect(await boundedFlush(env.processor)).not.toBe('hung');
    }
    // The endpoint comes back: the queue drains, space frees, new decisions flow again.
    env.proxy.chaos = false;
    await sleep(1500);
    ids.push(...emit(env.sdk.llmTracer, 20, ids.length));
    expect(await boundedFlush(env.processor)).toBe('ok');
    await finish('disk full (256k tmpfs)', env, bufferDir, ids, `${ids.length} produced into a 256 KiB filesystem`);
    expect(env.notRecorded()).toBeGreaterThan(0); // the fault did happen
  });

  it('clock jumps: backwards keeps every entry, forwards purges only past retention, Retry-After is capped', async () => {
    const bufferDir = join(work, 'clock');
    const bufferKey = newBufferKey();
    let offset = 0;
    const now = () => Date.now() + offset;
    const warns: { message: string; fields: unknown }[] = [];
    const logger = (level: string, message: string, fields?: unknown) => {
      if (level === 'warn') warns.push({ message, fields });
    };
    const proxy = await new ChaosProxy(server.url, { modes: ['status5xx'] }).start();
    const queue = createEncryptedQueue({ bufferDir, bufferKey, now, logger });
    const service = createDeliveryService({ queue, tenantApiUrl: `${proxy.url}/v1/decisions`, apiKey: API_KEY, maxAttempts: 1, baseDelayMs: 10, drainOnStart: false, logger });
    const bodies = (prefix: string) =>
      Array.from({ length: 10 }, (_, i) => ({ aiSystemId: 'clock', modelUsed: 'm', input: {}, output: {}, status: 'completed' as const, decidedAt: new Date().toISOString(), decisionId: `${prefix}-${i}-${randomBytes(4).toString('hex')}` }));
    const a = bodies('clock-back');
    await service.write(a as never);
    offset = -365 * 86_400_000; // a year backwards
    await service.flushBuffer();
    await queue.purge(7 * 86_400_000);
    proxy.chaos = false;
    let remaining = (await service.flushBuffer()).remaining;
    const backOk = audit(await exportRecords(server.url, `read-${API_KEY}`), a.map((d) => d.decisionId));
    expect(backOk.missing).toEqual([]);

    proxy.chaos = true;
    offset = 0;
    const b = bodies('clock-fwd');
    await service.write(b as never);
    offset = 8 * 86_400_000; // eight days forwards: past the 7-day retention
    await service.flushBuffer();
    proxy.chaos = false;
    remaining = (await service.flushBuffer()).remaining;
    await service.shutdown();
    const fwd = audit(await exportRecords(server.url, `read-${API_KEY}`), b.map((d) => d.decisionId));
    const purgeWarns = warns.filter((w) => /retention|purg/i.test(w.message));
    // Forwards past retention = the documented purge, with a WARN naming the count.
    expect(fwd.missing.length === 0 || purgeWarns.length > 0).toBe(true);

    // Retry-After as an HTTP date while the local clock is a year behind: capped, not a year's sleep.
    let calls = 0;
    const flaky = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        calls++;
        if (calls === 1) {
          res.writeHead(503, { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() });
          res.end();
        } else {
          res.writeHead(201);
          res.end('{}');
        }
      });
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', () => r()));
    const port = (flaky.address() as { port: number }).port;
    const backoff = createDeliveryService({
      tenantApiUrl: `http://127.0.0.1:${port}/v1/decisions`,
      bufferKey,
      bufferDir: join(work, 'clock-backoff'),
      now: () => Date.now() - 365 * 86_400_000,
      maxRetryAfterMs: 300,
      maxAttempts: 3,
      baseDelayMs: 10,
      logger: () => {},
    });
    const outcome = await Promise.race([backoff.submit(bodies('retry-after')[0] as never), sleep(30_000).then(() => 'hung' as const)]);
    await backoff.shutdown();
    flaky.close();
    await proxy.stop();
    recordResult({
      file: 'disk',
      scenario: 'clock jumps',
      produced: 21,
      delivered: 20 - fwd.missing.length + (outcome === 'hung' ? 0 : 1),
      lost: 0,
      faults: 3,
      note: `back 1y: 0/10 purged; fwd 8d: ${fwd.missing.length}/10 purged by retention (${purgeWarns.length} WARN); remaining ${remaining}; Retry-After capped`,
    });
    expect(outcome).not.toBe('hung');
    expect(outcome).toMatchObject({ outcome: 'delivered' });
  });

  it('two processes and a CLI `buffer drain` on one buffer directory at once', { timeout: 120_000 }, async () => {
    const bufferDir = join(work, 'common-buffer');
    const bufferKey = newBufferKey();
    const proxy = await new ChaosProxy(server.url, { modes: ['status5xx'] }).start();
    const url = `${proxy.url}/v1/decisions`;
    const acknowledged = new Set<string>();
    const children = ['a', 'b'].map((run) => {
      const child = spawnNode([join(process.cwd(), 'test/torture/support/app-child.mjs')], {
        CHILD_RUN: run,
        CHILD_URL: url,
        CHILD_API_KEY: API_KEY,
        CHILD_BUFFER_KEY: bufferKey,
        CHILD_DIR: bufferDir,
      });
      child.onLine((line) => {
        if (line.startsWith('ok ')) for (const id of line.slice(3).split(' ')) acknowledged.add(id);
      });
      return child;
    });
    await Promise.all(children.map((c) => c.waitFor(/ok /)));
    await sleep(1500);
    proxy.chaos = false;
    const cliEnv = { VAXELIA_BUFFER_KEY: bufferKey, VAXELIA_TENANT_API_URL: url, VAXELIA_API_KEY: API_KEY };
    const drains = [0, 1].map(() => spawnNode([CLI, 'buffer', 'drain', '--dir', bufferDir], cliEnv));
    const drainExits = await Promise.all(drains.map((d) => d.exited));
    await sleep(500);
    for (const c of children) c.proc.kill('SIGTERM');
    const exits = await Promise.all(children.map((c) => c.exited));
    const finalDrain = spawnNode([CLI, 'buffer', 'drain', '--dir', bufferDir], cliEnv);
    await finalDrain.exited;
    const result = audit(await exportRecords(server.url, `read-${API_KEY}`), acknowledged);
    const redundantPosts = proxy.forwarded - result.records.length;
    recordResult({
      file: 'disk',
      scenario: '2 processes + 2 CLI drains, one dir',
      produced: acknowledged.size,
      delivered: acknowledged.size - result.missing.length,
      duplicates: result.duplicates,
      lost: result.missing.length,
      faults: 0,
      note: `${redundantPosts} redundant POSTs absorbed by Idempotency-Key; drain exits ${drainExits.map((e) => e.code).join(',')}`,
    });
    await proxy.stop();
    expect(exits.map((e) => e.code)).toEqual([0, 0]);
    expect(drainExits.every((e) => e.code === 0 || e.code === 1)).toBe(true);
    expect(result.missing).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(result.chainProblems).toEqual([]);
    // Both writers kept chains of their own.
    const chains = new Set(result.records.filter((r) => String(r.aiSystemId) === 'torture-app').map((r) => r.chainId));
    expect(chains.size).toBeGreaterThanOrEqual(2);
  });
});
