/**
 * The full-disk review scenario with real processes (issue 17): `vaxelia-otel gateway` with its buffer
 * on a 2 MiB tmpfs, the endpoint down, 120 requests of 10 AI spans. Then: the endpoint returns, the
 * delivered segment gives its space back, more requests are acknowledged and delivered, a backlog
 * survives a kill -9, the disk is filled by something else and the gateway restarts on it and drains,
 * records again once the space is back (no restart needed), and after a last restart every acknowledged decision is at the server exactly once and every chain
 * verifies (skips explained, never a gap). Needs root for the tmpfs: without it the test fails with
 * the command to run.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decisionIdFor } from '../../src/index.js';
import { audit, exportRecords, newBufferKey } from './support/decision-log.js';
import { mountTmpfs, unmount } from './support/mounts.js';
import { CLI, type Child, freePort, spawnNode, spawnServe } from './support/processes.js';
import { recordResult } from './support/results.js';

const API_KEY = 'torture-full-disk-key-5e1f';
const work = mkdtempSync(join(tmpdir(), 'vx-torture-fulldisk-'));
const mnt = join(work, 'mnt');
// Every child this test starts: a failing assertion must not leave gateways and servers running.
const children: Child[] = [];
afterAll(async () => {
  for (const child of children) if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL');
  unmount(mnt);
  await rm(work, { recursive: true, force: true }).catch(() => {});
});

/** One OTLP/JSON request of `n` AI spans with ~3 KB of content each; returns their decision ids. */
function otlpRequest(n: number): { body: string; ids: string[] } {
  const traceId = randomBytes(16).toString('hex');
  const now = BigInt(Date.now()) * 1_000_000n;
  const ids: string[] = [];
  const spans = Array.from({ length: n }, (_, i) => {
    const spanId = randomBytes(8).toString('hex');
    ids.push(decisionIdFor(traceId, spanId));
    const attrs: Record<string, string | number> = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `question ${i} ${'lorem ipsum '.repeat(250)}` }] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'dolor sit '.repeat(60) }], finish_reason: 'stop' }]),
    };
    return {
      traceId,
      spanId,
      name: 'chat gpt-4o-mini',
      kind: 3,
      startTimeUnixNano: String(now),
      endTimeUnixNano: String(now + 5_000_000n),
      attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: v } : { stringValue: v } })),
      status: {},
    };
  });
  const body = JSON.stringify({
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'torture' } }] }, scopeSpans: [{ scope: { name: 'opentelemetry.instrumentation.openai_v2' }, spans }] }],
  });
  return { body, ids };
}

async function waitUntil(condition: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('gateway on a full disk (real processes, 2 MiB tmpfs)', () => {
  it('every acknowledged decision is delivered exactly once, the space comes back, restarts work on a full disk, the chain verifies', { timeout: 300_000 }, async () => {
    if (!mountTmpfs(mnt, '2m')) {
      expect.fail(`needs root to mount a 2 MiB tmpfs: run as root \`mount -t tmpfs -o size=2m tmpfs ${mnt}\` works (e.g. sudo npm run test:torture)`);
    }
    const bufferDir = join(mnt, 'buf');
    const [serverPort, gwPort] = [await freePort(), await freePort()];
    const env = {
      VAXELIA_TENANT_API_URL: `http://127.0.0.1:${serverPort}/v1/decisions`,
      VAXELIA_API_KEY: API_KEY,
      VAXELIA_BUFFER_KEY: newBufferKey(),
      VAXELIA_BUFFER_DIR: bufferDir,
      VAXELIA_AI_SYSTEM_ID: 'torture-full-disk',
    };
    const gateway = async (): Promise<Child> => {
      const child = spawnNode([CLI, 'gateway', '--port', String(gwPort)], env);
      children.push(child);
      const up = await waitUntil(async () => child.proc.exitCode === null && (await fetch(`http://127.0.0.1:${gwPort}/healthz`).then((r) => r.ok, () => false)));
      if (!up) throw new Error(`gateway did not start: ${child.stderr.slice(-600)}`);
      return child;
    };
    const acknowledged = new Set<string>();
    const post = async (n: number): Promise<number> => {
      const { body, ids } = otlpRequest(n);
      const res = await fetch(`http://127.0.0.1:${gwPort}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      if (res.status === 200) for (const id of ids) acknowledged.add(id);
      return res.status;
    };
    const serverUrl = `http://127.0.0.1:${serverPort}`;
    const delivered = async () => audit(await exportRecords(serverUrl, `read-${API_KEY}`), acknowledged);

    // 1. Endpoint down: the disk fills up; every answer is 200 (durable) or 503 (not recorded).
    let gw = await gateway();
    const first: number[] = [];
    for (let i = 0; i < 120; i++) first.push(await post(10));
    expect(first.every((s) => s === 200 || s === 503)).toBe(true);
    expect(first.filter((s) => s === 503).length).toBeGreaterThan(0); // the disk did fill up
    // 2. Endpoint back: everything acknowledged is delivered, and the delivered segment is deleted.
    let server = await spawnServe(serverPort, join(work, 'log.sqlite'), API_KEY);
    children.push(server);
    expect(await waitUntil(async () => (await delivered()).missing.length === 0, 120_000)).toBe(true);
    const status = () => JSON.parse(execFileSync(process.execPath, [CLI, 'buffer', 'status', '--json'], { env: { ...process.env, ...env } }).toString()) as { pending: number; segments: number; segmentBytes: number };
    expect(await waitUntil(() => status().segments === 0)).toBe(true);
    // 3. The space is back: new requests are acknowledged and delivered.
    const second: number[] = [];
    for (let i = 0; i < 7; i++) second.push(await post(1));
    expect(second).toEqual(Array(7).fill(200));
    expect(await waitUntil(async () => (await delivered()).missing.length === 0)).toBe(true);
    // 4. A backlog (endpoint down), kill -9, the disk filled by another writer, restart on it: it
    //    starts and drains (delivering needs no new space).
    server.proc.kill('SIGTERM');
    await server.exited;
    const backlog: number[] = [];
    for (let i = 0; i < 5; i++) backlog.push(await post(10));
    expect(backlog.filter((s) => s === 200).length).toBeGreaterThan(0);
    await gw.kill9();
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${join(mnt, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
    } catch {
      // ENOSPC: the point
    }
    server = await spawnServe(serverPort, join(work, 'log.sqlite'), API_KEY);
    children.push(server);
    gw = await gateway();
    expect(await waitUntil(async () => (await delivered()).missing.length === 0, 120_000)).toBe(true);
    // New decisions cannot be recorded on the full disk: never acknowledged (503), never lost silently.
    const onFullDisk = await post(1);
    expect(onFullDisk).toBe(503);
    // 5. The filler goes: the same gateway records again without a restart (it tries to open its
    //    chain every 5 s and says so at WARN); then it restarts, records more, restarts once more.
    writeFileSync(join(mnt, 'filler'), '');
    const resumed = await waitUntil(async () => (await post(1)) === 200, 30_000);
    expect(resumed, `the gateway did not record again; its stderr: ${gw.stderr.slice(-2000)}`).toBe(true);
    expect(gw.stderr).toContain('writable again');
    gw.proc.kill('SIGTERM');
    await gw.exited;
    gw = await gateway();
    const third: number[] = [];
    for (let i = 0; i < 3; i++) third.push(await post(1));
    expect(third).toEqual([200, 200, 200]);
    gw.proc.kill('SIGTERM');
    expect((await gw.exited).code).toBe(0);
    gw = await gateway();
    expect(await waitUntil(async () => (await delivered()).missing.length === 0)).toBe(true);
    gw.proc.kill('SIGTERM');
    await gw.exited;

    const result = await delivered();
    // The whole log through the CLI verifier, as an auditor would run it.
    const exportFile = join(work, 'export.jsonl');
    writeFileSync(exportFile, `${(await exportRecords(serverUrl, `read-${API_KEY}`)).map((r) => JSON.stringify(r)).join('\n')}\n`);
    let verifyExit = 0;
    try {
      execFileSync(process.execPath, [CLI, 'verify', exportFile], { stdio: 'ignore' });
    } catch (error) {
      verifyExit = (error as { status?: number }).status ?? -1;
    }
    server.proc.kill('SIGTERM');
    await server.exited;
    recordResult({
      file: 'full-disk-gateway',
      scenario: 'gateway, 2 MiB tmpfs, endpoint down, kill -9, full-disk restart',
      produced: acknowledged.size,
      delivered: result.delivered,
      duplicates: result.duplicates,
      lost: result.missing.length,
      faults: 4,
      note: `answers ${first.filter((s) => s === 200).length}x200/${first.filter((s) => s === 503).length}x503 while filling; verify exit ${verifyExit}`,
    });
    expect(result.missing).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(result.chainProblems).toEqual([]);
    expect(result.chainOk).toBe(true);
    expect(verifyExit).toBe(0);
  });
});
