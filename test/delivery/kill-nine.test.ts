import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryService } from '../../src/delivery/delivery-service.js';
import { bundleForChild } from '../support/bundle.js';
import { type Behaviour, DecisionEndpoint, TEST_KEY } from './support/decision-endpoint.js';

const KILLS = 20;
/** Acknowledgements each child makes before it may be killed: 20 × 11 > the 200 the test expects. */
const ACKS_BEFORE_KILL = 11;
let work: string;
let childScript: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'vx-kill9-'));
  childScript = bundleForChild('test/delivery/support/kill-nine-child.ts', join(work, 'child.mjs'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kill -9', () => {
  it('loses no decision whose write resolved before the kill, delivers none twice', { timeout: 600_000 }, async () => {
    const endpoint = await new DecisionEndpoint().start();
    const port = endpoint.port;
    const bufferDir = join(work, 'buffer');
    const acknowledged = new Set<string>();
    let flapping = true;
    let endpointUp = true;
    // The endpoint flaps: healthy, 503, resets, down entirely.
    const modes: (Behaviour | undefined | 'down')[] = [undefined, { kind: 'status', status: 503 }, undefined, { kind: 'reset' }, 'down'];
    const flapper = (async () => {
      let i = 0;
      while (flapping) {
        const mode = modes[i++ % modes.length];
        if (mode === 'down') {
          if (endpointUp) await endpoint.stop();
          endpointUp = false;
        } else {
          if (!endpointUp) await endpoint.start(port);
          endpointUp = true;
          endpoint.fallback = mode;
        }
        await sleep(100 + Math.random() * 200);
      }
      if (!endpointUp) await endpoint.start(port);
      endpoint.fallback = undefined;
    })();

    for (let run = 0; run < KILLS; run++) {
      const child = spawn(process.execPath, [childScript], {
        env: { ...process.env, CHILD_RUN: String(run), CHILD_URL: endpoint.url, CHILD_KEY: TEST_KEY, CHILD_DIR: bufferDir },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let pending = '';
      let ownAcks = 0;
      let onAck: () => void = () => {};
      child.stdout.on('data', (chunk: Buffer) => {
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const line of lines) {
          for (const id of line.split(' ').slice(1)) {
            acknowledged.add(id);
            ownAcks++;
          }
        }
        onAck();
      });
      const exited = new Promise((r) => child.once('exit', r));
      // Kill at a random point once the child is writing (its first ~11 acknowledgements), not after a
      // fixed time: on a loaded machine a child can need over a second just to start.
      await new Promise<void>((resolve) => {
        onAck = () => ownAcks >= ACKS_BEFORE_KILL && resolve();
        setTimeout(resolve, 15_000);
      });
      await sleep(Math.random() * 600);
      // Everything acknowledged up to here resolved before the kill (the window is 0 ms, not 100 ms).
      child.stdout.removeAllListeners('data');
      child.kill('SIGKILL');
      await exited;
    }
    flapping = false;
    await flapper;

    expect(acknowledged.size).toBeGreaterThan(KILLS * 10);
    // A fresh process adopts the dead writers' segments and drains them.
    const drainer = createDeliveryService({ tenantApiUrl: endpoint.url, bufferKey: TEST_KEY, bufferDir, drainOnStart: false, logger: () => {} });
    let remaining = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 20 && remaining > 0; i++) ({ remaining } = await drainer.flushBuffer());
    await drainer.shutdown();
    expect(remaining).toBe(0);

    const missing = [...acknowledged].filter((id) => !endpoint.accepted.has(id));
    expect(missing).toEqual([]);
    // The endpoint de-duplicates on Idempotency-Key: every decision is recorded once. Redeliveries
    // (acks persisted lazily, a kill between a 2xx and the ack) are the only repeats it sees.
    const repeats = [...endpoint.accepted.values()].filter((n) => n > 1).length;
    console.info(
      `kill -9: ${acknowledged.size} acknowledged, ${endpoint.accepted.size} recorded, ${repeats} redelivered (de-duplicated)`,
    );
    for (const id of endpoint.accepted.keys()) expect(id).toMatch(/^r\d+-\d+$/);
    await endpoint.stop();
  });
});
