import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { decision, post } from './support/chained-records.js';

function captureIO(env: NodeJS.ProcessEnv, cwd: string): { io: CliIO; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += String(c);
  });
  stderr.on('data', (c) => {
    err += String(c);
  });
  return { io: { stdout, stderr, stdin: new PassThrough(), env, cwd }, out: () => out, err: () => err };
}

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('serve: --ingest-key-env and --read-key-env, never prints a key, stores, stops gracefully on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vaxelia-serve-'));
  const secret = 'serve-secret-value-42';
  const readSecret = 'serve-read-secret-43';
  const { io, out, err } = captureIO({ LOG_KEY: secret, AUDIT_KEY: readSecret }, dir);
  try {
    const running = runCli(['serve', '--port', '0', '--db', 'log.sqlite', '--ingest-key-env', 'LOG_KEY', '--read-key-env', 'AUDIT_KEY'], io);
    await waitFor(() => out().includes('report:'));
    const url = /listening on (http:\/\/\S+)/.exec(out())![1]!;
    expect((await post(url, decision())).status).toBe(401);
    expect((await post(url, decision(), { authorization: `Bearer ${readSecret}` })).status).toBe(403);
    expect((await post(url, decision(), { authorization: `Bearer ${secret}` })).status).toBe(200);
    expect((await fetch(`${url}/v1/decisions`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(403);
    expect((await fetch(`${url}/v1/decisions`, { headers: { authorization: `Bearer ${readSecret}` } })).status).toBe(200);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await running).toBe(0);
    expect(out()).toContain('stopped');
    expect(out()).toContain(join(dir, 'log.sqlite'));
    expect(out() + err()).not.toContain(secret);
    expect(out() + err()).not.toContain(readSecret);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('serve: usage errors exit 2', async () => {
  const { io, err } = captureIO({}, tmpdir());
  expect(await runCli(['serve', '--port', 'abc'], io)).toBe(2);
  expect(await runCli(['serve', '--ingest-key-env', 'MISSING_VAR', '--read-key-env', 'MISSING_TOO'], io)).toBe(2);
  expect(err()).toContain('MISSING_VAR (--ingest-key-env) is not set');
  const one = captureIO({ VAXELIA_SERVER_INGEST_KEY: 'only-one' }, tmpdir());
  expect(await runCli(['serve'], one.io)).toBe(2);
  expect(one.err()).toContain('set both keys');
  const same = captureIO({ A: 'same', B: 'same' }, tmpdir());
  expect(await runCli(['serve', '--ingest-key-env', 'A', '--read-key-env', 'B'], same.io)).toBe(2);
  expect(same.err()).toContain('must differ');
  expect(await runCli(['serve', '--api-key-env', 'X'], io)).toBe(2);
  const help = captureIO({}, tmpdir());
  expect(await runCli(['serve', '--help'], help.io)).toBe(0);
  expect(help.out()).toContain('--read-key-env');
});
