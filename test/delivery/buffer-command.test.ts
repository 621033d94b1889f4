import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/cli-io.js';
import { bufferCommand, parseDuration } from '../../src/cli/commands/buffer.js';
import { createEncryptedQueue } from '../../src/queue/encrypted-queue.js';
import { DecisionEndpoint, makeDecision, OTHER_KEY, TEST_KEY } from './support/decision-endpoint.js';

const dirs: string[] = [];
let endpoint: DecisionEndpoint | undefined;
afterEach(async () => {
  await endpoint?.stop();
  endpoint = undefined;
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function io(env: NodeJS.ProcessEnv): CliIO & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  return { stdout, stderr, stdin: new PassThrough(), env, cwd: process.cwd(), out: () => out, err: () => err };
}

async function seeded(count: number): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'vx-cli-')), 'buffer');
  dirs.push(join(dir, '..'));
  const q = createEncryptedQueue({ bufferKey: TEST_KEY, bufferDir: dir });
  await q.append(Array.from({ length: count }, (_, i) => JSON.stringify(makeDecision(i))));
  await q.close();
  return dir;
}

describe('vaxelia-otel buffer', () => {
  it('status prints counts and sizes, never content', async () => {
    const dir = await seeded(5);
    const cli = io({ VAXELIA_BUFFER_KEY: TEST_KEY, VAXELIA_BUFFER_DIR: dir });
    expect(await bufferCommand.run(['status'], cli)).toBe(0);
    expect(cli.out()).toMatch(/queued:\s+5 decision/);
    expect(cli.out()).not.toContain('PROMPT-CANARY');
    expect(cli.out()).not.toContain(TEST_KEY);
    const json = io({ VAXELIA_BUFFER_KEY: TEST_KEY });
    expect(await bufferCommand.run(['status', '--json', '--dir', dir], json)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({ pending: 5, deadLettered: 0, quarantined: 0 });
  });

  it('drain delivers everything and exits 0; exits 1 while the endpoint is down', async () => {
    const dir = await seeded(12);
    endpoint = await new DecisionEndpoint().start();
    endpoint.fallback = { kind: 'status', status: 503 };
    const env = { VAXELIA_BUFFER_KEY: TEST_KEY, VAXELIA_BUFFER_DIR: dir, VAXELIA_TENANT_API_URL: endpoint.url, VAXELIA_API_KEY: 'sk-CANARY' };
    const down = io(env);
    expect(await bufferCommand.run(['drain'], down)).toBe(1);
    expect(down.out()).toContain('12 remain');
    expect(down.err()).toMatch(/WARN .*delivery failed/);
    endpoint.fallback = undefined;
    const up = io(env);
    expect(await bufferCommand.run(['drain'], up)).toBe(0);
    expect(up.out()).toContain('delivered 12');
    expect(endpoint.uniqueAccepted).toBe(12);
    expect(endpoint.requests.at(-1)!.headers.authorization).toBe('Bearer sk-CANARY');
  });

  it('drain with the wrong key names VAXELIA_BUFFER_KEY and deletes nothing', async () => {
    const dir = await seeded(3);
    endpoint = await new DecisionEndpoint().start();
    const cli = io({ VAXELIA_BUFFER_KEY: OTHER_KEY, VAXELIA_BUFFER_DIR: dir, VAXELIA_TENANT_API_URL: endpoint.url });
    expect(await bufferCommand.run(['drain'], cli)).toBe(1);
    expect(cli.err()).toContain('VAXELIA_BUFFER_KEY');
    expect(`${cli.out()}${cli.err()}`).not.toContain(OTHER_KEY);
    expect((await createEncryptedQueue({ bufferKey: TEST_KEY, bufferDir: dir }).status()).pending).toBe(3);
  });

  it('purge --older-than removes old entries only', async () => {
    const dir = await seeded(4);
    const cli = io({ VAXELIA_BUFFER_KEY: TEST_KEY, VAXELIA_BUFFER_DIR: dir });
    expect(await bufferCommand.run(['purge', '--older-than', '1h'], cli)).toBe(0);
    expect(cli.out()).toContain('purged 0');
    await new Promise((r) => setTimeout(r, 20)); // the ageing under test: every entry now older than 10 ms
    const again = io({ VAXELIA_BUFFER_KEY: TEST_KEY, VAXELIA_BUFFER_DIR: dir });
    expect(await bufferCommand.run(['purge', '--older-than', '10ms', '--json'], again)).toBe(0);
    expect(JSON.parse(again.out())).toMatchObject({ purged: 4, remaining: 0 });
  });

  it('parses durations and rejects bad usage', async () => {
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('90')).toBe(90_000);
    expect(() => parseDuration('soon')).toThrow();
    await expect(bufferCommand.run(['purge'], io({ VAXELIA_BUFFER_KEY: TEST_KEY }))).rejects.toThrow(/older-than/);
    await expect(bufferCommand.run(['explode'], io({ VAXELIA_BUFFER_KEY: TEST_KEY }))).rejects.toThrow(/unknown action/);
  });
  it('drain says why decisions remain when the endpoint rejects the configuration (401), key never printed', async () => {
    const dir = await seeded(2);
    endpoint = await new DecisionEndpoint().start();
    endpoint.fallback = { kind: 'status', status: 401 };
    const cli = io({ VAXELIA_BUFFER_KEY: TEST_KEY, VAXELIA_BUFFER_DIR: dir, VAXELIA_TENANT_API_URL: endpoint.url, VAXELIA_API_KEY: 'sk-CANARY-wrong' });
    expect(await bufferCommand.run(['drain'], cli)).toBe(1);
    expect(cli.out()).toContain('2 remain');
    expect(cli.err()).toMatch(/ERROR .*rejects the configuration.*statusCode=401.*VAXELIA_API_KEY/);
    expect(cli.err()).not.toContain('sk-CANARY-wrong');
  });

  it('redrive puts dead-lettered decisions back byte for byte after a fix, with counts; drain then delivers them', async () => {
    const dir = await seeded(3);
    endpoint = await new DecisionEndpoint().start();
    endpoint.fallback = { kind: 'status', status: 422, body: 'schema says no' };
    const env = { VAXELIA_BUFFER_KEY: TEST_KEY, VAXELIA_BUFFER_DIR: dir, VAXELIA_TENANT_API_URL: endpoint.url, VAXELIA_API_KEY: 'sk-CANARY' };
    expect(await bufferCommand.run(['drain'], io(env))).toBe(0); // all three dead-lettered: none remain queued
    const rejectedBodies = endpoint.requests.map((r) => r.body).sort();
    expect(rejectedBodies).toHaveLength(3);
    const before = io(env);
    await bufferCommand.run(['status', '--json'], before);
    expect(JSON.parse(before.out())).toMatchObject({ pending: 0, deadLettered: 3 });

    // Only another status asked for: nothing moves.
    const none = io(env);
    expect(await bufferCommand.run(['redrive', '--status', '401'], none)).toBe(0);
    expect(none.out()).toMatch(/redriven 0 decision\(s\).*3 still dead-lettered, 3 of another status/);

    endpoint.fallback = undefined; // the endpoint's validation is fixed
    const cli = io(env);
    expect(await bufferCommand.run(['redrive'], cli)).toBe(0);
    expect(cli.out()).toMatch(/redriven 3 decision\(s\) into the queue \(3 queued now; 0 still dead-lettered\)/);
    expect(cli.out()).not.toContain('PROMPT-CANARY');
    expect(await bufferCommand.run(['drain'], io(env))).toBe(0);
    expect(endpoint.uniqueAccepted).toBe(3);
    // The very bodies that were rejected: records, hashes and seqs unchanged.
    const delivered = endpoint.requests.slice(3).map((r) => r.body).sort();
    expect(delivered).toEqual(rejectedBodies);
    // A dead letter no configured key opens is counted, left in place, and fails the command.
    const junk = join(dir, 'dead-letter', `${Date.now()}-422-x-0.entry`);
    writeFileSync(junk, randomBytes(64));
    const unreadable = io(env);
    expect(await bufferCommand.run(['redrive'], unreadable)).toBe(1);
    expect(unreadable.out()).toMatch(/redriven 0 decision\(s\).*1 still dead-lettered, 1 unreadable with the given keys/);
    expect(existsSync(junk)).toBe(true);
    await expect(bufferCommand.run(['redrive', '--status', 'x'], io(env))).rejects.toThrow(/--status/);
  });
});
