import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DecisionEndpoint, TEST_KEY } from '../delivery/support/decision-endpoint.js';
import { bundleForChild } from '../support/bundle.js';

let work: string;
let childScript: string;
let endpoint: DecisionEndpoint;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'vx-short-lived-'));
  childScript = bundleForChild('test/processor/support/short-lived-child.ts', join(work, 'child.mjs'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});
afterEach(async () => {
  await endpoint?.stop();
});

/** Accepted decision ids, chain checkpoints (operation "checkpoint") left out. */
function acceptedDecisions(): Set<string> {
  const ids = endpoint.requests.filter((r) => !r.body.includes('"operation":"checkpoint"')).map((r) => r.idempotencyKey);
  return new Set(ids.filter((id) => endpoint.accepted.has(id)));
}

/** Starts one invocation; resolves its first stdout line (or its exit when it prints none). */
function invoke(env: Record<string, string>) {
  const child = spawn(process.execPath, [childScript], {
    env: { PATH: process.env.PATH ?? '', CHILD_KEY: TEST_KEY, CHILD_URL: endpoint.url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing: ${stderr}`)));
  });
  firstLine.catch(() => {}); // a run that prints nothing is awaited through `exited` instead
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, firstLine, exited, stderr: () => stderr };
}

describe('short-lived processes (serverless functions, CLI jobs)', () => {
  it('forceFlush before returning puts every decision on disk; the instance is then killed; the next invocation delivers them', { timeout: 60_000 }, async () => {
    endpoint = await new DecisionEndpoint().start();
    endpoint.fallback = { kind: 'status', status: 503 }; // the endpoint is down during invocation 1
    const bufferDir = join(work, 'buffer-serverless');
    const first = invoke({ CHILD_DIR: bufferDir, CHILD_END: 'force-flush', CHILD_SPANS: '5', CHILD_RUN: '1' });
    expect(await first.firstLine).toBe('flushed');
    first.child.kill('SIGKILL'); // the platform destroys the frozen instance: no shutdown, no timers
    await first.exited;
    expect(endpoint.uniqueAccepted).toBe(0);

    endpoint.fallback = undefined;
    const second = invoke({ CHILD_DIR: bufferDir, CHILD_END: 'flush-buffer', CHILD_SPANS: '1', CHILD_RUN: '2' });
    const result = JSON.parse(await second.firstLine) as { sent: number; remaining: number };
    expect(await second.exited).toBe(0);
    expect(result.remaining).toBe(0);
    expect(second.stderr()).not.toContain('not yet on disk'); // it exits right after, with nothing in flight
    // The five decisions of the killed invocation and the new one's.
    expect(acceptedDecisions().size).toBe(6);
  });

  it('a CLI job that calls shutdown() delivers everything and exits on its own', { timeout: 60_000 }, async () => {
    endpoint = await new DecisionEndpoint().start();
    const job = invoke({ CHILD_DIR: join(work, 'buffer-cli'), CHILD_END: 'shutdown', CHILD_SPANS: '4' });
    expect(await job.firstLine).toBe('shut down');
    expect(await job.exited).toBe(0); // no timer or socket keeps it alive
    expect(acceptedDecisions().size).toBe(4);
    expect(job.stderr()).toBe('');
  });

  it('a script that calls process.exit() right after its model calls is told, on stderr, how many decisions it did not record', { timeout: 60_000 }, async () => {
    endpoint = await new DecisionEndpoint().start();
    const job = invoke({ CHILD_DIR: join(work, 'buffer-exit-now'), CHILD_END: 'exit-now', CHILD_SPANS: '3' });
    expect(await job.exited).toBe(0);
    expect(job.stderr()).toContain('[@vaxelia/ai-otel] ERROR vaxelia: the process is exiting with 3 AI decision(s) not yet on disk');
    expect(job.stderr()).toContain('provider.shutdown()');
    expect(acceptedDecisions().size).toBe(0);
  });

  it('a CLI job whose endpoint is down exits within shutdownTimeoutMs; the next run drains the buffer on start', { timeout: 60_000 }, async () => {
    endpoint = await new DecisionEndpoint().start();
    endpoint.fallback = { kind: 'status', status: 503 };
    const bufferDir = join(work, 'buffer-cli-down');
    const down = invoke({ CHILD_DIR: bufferDir, CHILD_END: 'shutdown', CHILD_SPANS: '3' });
    expect(await down.firstLine).toBe('shut down');
    expect(await down.exited).toBe(0);
    endpoint.fallback = undefined;
    const next = invoke({ CHILD_DIR: bufferDir, CHILD_END: 'shutdown', CHILD_SPANS: '2' });
    expect(await next.exited).toBe(0);
    expect(acceptedDecisions().size).toBe(5);
  });
});
