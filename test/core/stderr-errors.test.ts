import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DecisionEndpoint, TEST_KEY } from '../delivery/support/decision-endpoint.js';
import { bundleForChild } from '../support/bundle.js';

const API_KEY = 'sk-CANARY-stderr-test-key-24680';
let work: string;
let childScript: string;
let endpoint: DecisionEndpoint | undefined;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'vx-stderr-'));
  childScript = bundleForChild('test/core/support/stderr-child.ts', join(work, 'child.mjs'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});
afterEach(async () => {
  await endpoint?.stop();
  endpoint = undefined;
});

/** Runs the child to its end; its stdout and stderr as text. */
function runChild(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [childScript], {
    env: { PATH: process.env.PATH ?? '', CHILD_KEY: TEST_KEY, CHILD_API_KEY: API_KEY, CHILD_DIR: mkdtempSync(join(work, 'buffer-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const ours = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('[@vaxelia/ai-otel] ERROR'));

describe('ERRORs reach a person without a diag logger', () => {
  it('a wrong API key: one line naming the fix for five held decisions; the key never printed', { timeout: 60_000 }, async () => {
    endpoint = await new DecisionEndpoint().start();
    endpoint.fallback = { kind: 'status', status: 401, body: `bad key ${API_KEY}` };
    const { code, stdout, stderr } = await runChild({ CHILD_URL: endpoint.url, CHILD_COUNT: '5' });
    expect(code).toBe(0);
    expect(stdout).toContain('done');
    const lines = ours(stderr);
    expect(lines[0]).toMatch(/rejects the configuration.*statusCode=401.*VAXELIA_API_KEY/);
    // Five decisions held, one line: the condition is said once (again after a minute if it lasts).
    expect(lines.length).toBe(1);
    expect(stderr).not.toContain(API_KEY);
  });

  it('a rejected decision: one dead-letter line with the count', { timeout: 60_000 }, async () => {
    endpoint = await new DecisionEndpoint().start();
    endpoint.fallback = { kind: 'status', status: 422 };
    const { stderr } = await runChild({ CHILD_URL: endpoint.url, CHILD_COUNT: '4' });
    const lines = ours(stderr).filter((l) => l.includes('dead-letter folder'));
    expect(lines[0]).toMatch(/statusCode=422.*buffer redrive/);
    expect(lines[1]).toMatch(/3 more time\(s\) since the last line \(4 in all\)/);
  });

  it('a queue past its alert depth says so once', { timeout: 60_000 }, async () => {
    endpoint = await new DecisionEndpoint().start();
    endpoint.fallback = { kind: 'status', status: 503 };
    const { stderr } = await runChild({ CHILD_URL: endpoint.url, CHILD_COUNT: '4', CHILD_ALERT_DEPTH: '2' });
    const lines = ours(stderr).filter((l) => l.includes('alert depth'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/depth=3, alertDepth=2/);
  });

  it('VAXELIA_ERRORS_TO_STDERR=false turns it off', { timeout: 60_000 }, async () => {
    endpoint = await new DecisionEndpoint().start();
    endpoint.fallback = { kind: 'status', status: 401 };
    const { code, stderr } = await runChild({ CHILD_URL: endpoint.url, VAXELIA_ERRORS_TO_STDERR: 'false' });
    expect(code).toBe(0);
    expect(ours(stderr)).toHaveLength(0);
  });

  it('with a diag logger installed, ERRORs go there and not to stderr', { timeout: 60_000 }, async () => {
    endpoint = await new DecisionEndpoint().start();
    endpoint.fallback = { kind: 'status', status: 404 };
    const { stdout, stderr } = await runChild({ CHILD_URL: endpoint.url, CHILD_DIAG: '1' });
    expect(ours(stderr)).toHaveLength(0);
    expect(stdout).toMatch(/diag: vaxelia: the decision-log endpoint rejects the configuration/);
  });

  it('a bad VAXELIA_ERRORS_TO_STDERR fails at construction naming the variable', { timeout: 60_000 }, async () => {
    endpoint = await new DecisionEndpoint().start();
    const { code, stderr } = await runChild({ CHILD_URL: endpoint.url, VAXELIA_ERRORS_TO_STDERR: 'maybe' });
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/ConfigError.*errorsToStderr.*VAXELIA_ERRORS_TO_STDERR/);
  });
});
