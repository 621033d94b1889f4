import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@vaxelia/ai-otel/server';
import { expect, it } from 'vitest';
import { verifyChain } from '../../src/chain/verify/verify-chain.js';
import { chain } from './support/chained-records.js';

const EXPORTERS = 32;
const PER_EXPORTER = 40;

function postRaw(agent: Agent, url: URL, body: string, key: string, idempotencyKey: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${key}`,
          'idempotency-key': idempotencyKey,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

it('32 concurrent exporters, each retrying some posts: no row lost, none duplicated, every chain intact', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vaxelia-concurrency-'));
  const server = await startServer({ port: 0, dbPath: join(dir, 'log.sqlite'), ingestKey: 'k', readKey: 'k-read' });
  try {
    const url = new URL(`${server.url}/v1/decisions`);
    const chains = Array.from({ length: EXPORTERS }, (_, i) => chain(`exporter-${i}`, PER_EXPORTER));
    const statuses = await Promise.all(
      chains.map(async (records, i) => {
        const agent = new Agent({ keepAlive: true, maxSockets: 4 });
        const codes: number[] = [];
        // Each exporter posts its chain with up to 4 requests in flight, so records of one chain
        // arrive out of order, and re-sends every 5th record (a retry after a lost response).
        const queue = records.flatMap((r, j) => (j % 5 === 0 ? [r, r] : [r]));
        if (i % 2 === 1) queue.reverse();
        const workers = Array.from({ length: 4 }, async () => {
          for (let r = queue.shift(); r; r = queue.shift()) codes.push(await postRaw(agent, url, JSON.stringify(r), 'k', r.decisionId));
        });
        await Promise.all(workers);
        agent.destroy();
        return codes;
      }),
    );
    expect(statuses.flat().every((code) => code === 200)).toBe(true);
    expect(server.db.count()).toBe(EXPORTERS * PER_EXPORTER);
    const dupes = server.db.database.prepare('SELECT decision_id, COUNT(*) AS n FROM decisions GROUP BY decision_id HAVING n > 1').all();
    expect(dupes).toEqual([]);
    const status = server.db.chains();
    expect(status).toHaveLength(EXPORTERS);
    expect(status.every((c) => c.ok && c.count === PER_EXPORTER)).toBe(true);
    const exported = (await (await fetch(`${server.url}/v1/decisions?format=jsonl`, { headers: { authorization: 'Bearer k-read' } })).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(verifyChain(exported)).toMatchObject({ ok: true, count: EXPORTERS * PER_EXPORTER });
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
