/**
 * A process killed between a queue commit and its chain-head write leaves records newer than its
 * head file in its segments. The next process adopts, delivers and deletes those segments; if it
 * did not persist the heads it recovered first, the process after it would continue from the stale
 * head file and reuse seqs the endpoint already holds (a fork, found by the torture suite).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/chain/verify/verify-chain.js';
import type { AIDecision } from '../../src/decision.js';
import { ComplianceReporter } from '../../src/index.js';
import { DecisionEndpoint, TEST_KEY } from '../delivery/support/decision-endpoint.js';
import { bundleForChild } from '../support/bundle.js';

let work: string;
let childScript: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'vx-crash-recovery-'));
  childScript = bundleForChild('test/pipeline/support/crash-child.ts', join(work, 'child.mjs'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/**
 * Runs the child with the endpoint down, keeps a copy of its head file from half-way, kills it with
 * SIGKILL after the last decision was queued, and puts the half-way head file back: the state a
 * crash between the last group's fsync and its head write leaves.
 */
async function crashedWriter(bufferDir: string, deadUrl: string): Promise<{ chainId: string; staleSeq: number }> {
  const child = spawn(process.execPath, [childScript], {
    env: { ...process.env, CHILD_URL: deadUrl, CHILD_KEY: TEST_KEY, CHILD_DIR: bufferDir, CHILD_DECISIONS: '10' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const chains = join(bufferDir, 'chains');
  let out = '';
  let saved: { chainId: string; staleSeq: number } | undefined;
  await new Promise<void>((resolve, reject) => {
    child.once('exit', () => reject(new Error(`child exited early: ${out}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!saved && out.includes('half')) {
        const file = readdirSync(chains).find((f) => f.endsWith('.json'))!;
        // One read: the child keeps writing its head file, so the copy and staleSeq must come from
        // the same bytes (two reads raced it: a copy at seq 4 against a staleSeq of 5).
        const half = readFileSync(join(chains, file));
        writeFileSync(join(work, 'half.json'), half);
        saved = { chainId: file.slice(0, -5), staleSeq: JSON.parse(half.toString('utf8')).seq };
      }
      if (out.includes('done')) resolve();
    });
  });
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  copyFileSync(join(work, 'half.json'), join(chains, `${saved!.chainId}.json`));
  return saved!;
}

function headSeq(bufferDir: string, chainId: string): number {
  return JSON.parse(readFileSync(join(bufferDir, 'chains', `${chainId}.json`), 'utf8')).seq;
}

function segmentFiles(bufferDir: string): string[] {
  const root = join(bufferDir, 'segments');
  return readdirSync(root).flatMap((owner) => readdirSync(join(root, owner)).filter((f) => f.endsWith('.seg')));
}

/**
 * A delivered segment is deleted in the background after its last ack: poll until it is gone, for
 * up to 20 s (a loaded CI machine can take far longer than the usual few milliseconds).
 */
async function segmentsGone(bufferDir: string): Promise<string[]> {
  const until = Date.now() + 20_000;
  while (segmentFiles(bufferDir).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return segmentFiles(bufferDir);
}

describe('restart after a crash between a commit and its head write', () => {
  it('the next process continues the chain, and persists the recovered head before the segment that held it is deleted', { timeout: 30_000 }, async () => {
    const endpoint = await new DecisionEndpoint().start();
    const port = endpoint.port;
    await endpoint.stop();
    const bufferDir = join(work, 'continue');
    const { chainId, staleSeq } = await crashedWriter(bufferDir, `http://127.0.0.1:${port}/v1/decisions`);
    expect(staleSeq).toBeLessThan(9);

    await endpoint.start(port);
    const next = new ComplianceReporter({ tenantApiUrl: endpoint.url, apiKey: 'k', bufferKey: TEST_KEY, bufferDir, aiSystemId: 'crash-recovery', logger: () => {} });
    expect((await next.flushBuffer()).remaining).toBe(0);
    // The crashed process's segment is delivered and gone: only the head file remembers seq 9 now.
    expect(await segmentsGone(bufferDir)).toEqual([]);
    expect(headSeq(bufferDir, chainId)).toBeGreaterThanOrEqual(9);
    const logged = await next.logDecision({ input: 'after the crash', output: 'ok' });
    await next.shutdown();

    const records = endpoint.requests.map((r) => JSON.parse(r.body) as AIDecision);
    expect(records.find((r) => r.decisionId === logged.decisionId)?.seq).toBe(10);
    const result = verifyChain(records);
    expect(result.problems).toEqual([]);
    expect(result.chains.map((c) => c.chainId)).toEqual([chainId]);
    await endpoint.stop();
  });

  it("a chain nobody continues gets its head file advanced for whoever does later", { timeout: 30_000 }, async () => {
    const endpoint = await new DecisionEndpoint().start();
    const port = endpoint.port;
    await endpoint.stop();
    const bufferDir = join(work, 'idle');
    const { chainId, staleSeq } = await crashedWriter(bufferDir, `http://127.0.0.1:${port}/v1/decisions`);
    expect(headSeq(bufferDir, chainId)).toBe(staleSeq);

    await endpoint.start(port);
    const other = new ComplianceReporter({ tenantApiUrl: endpoint.url, apiKey: 'k', bufferKey: TEST_KEY, bufferDir, aiSystemId: 'crash-recovery', chain: { chainId: 'another-chain' }, logger: () => {} });
    expect((await other.flushBuffer()).remaining).toBe(0);
    await other.shutdown();
    expect(await segmentsGone(bufferDir)).toEqual([]);
    expect(headSeq(bufferDir, chainId)).toBe(9);

    // Whoever continues the crashed chain later starts after seq 9, not after the stale head.
    const later = new ComplianceReporter({ tenantApiUrl: endpoint.url, apiKey: 'k', bufferKey: TEST_KEY, bufferDir, aiSystemId: 'crash-recovery', chain: { chainId }, logger: () => {} });
    const logged = await later.logDecision({ input: 'later', output: 'ok' });
    await later.shutdown();
    const records = endpoint.requests.map((r) => JSON.parse(r.body) as AIDecision);
    expect(records.find((r) => r.decisionId === logged.decisionId)?.seq).toBe(10);
    const crashed = records.filter((r) => r.chainId === chainId);
    expect(new Set(crashed.map((r) => r.seq)).size).toBe(crashed.length);
    await endpoint.stop();
  });
});
