/**
 * The reference server's ingest on arbitrary JSON in place of any field of a valid decision (chained
 * or not): always a 200 / 400 / 409 / 413, never a 500 and never a crash. Parsed JSON can hold
 * values with no primitive form (`{"toString": false}`), which String() and Number() throw on.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DecisionLogServer, startServer } from '../../src/server/index.js';
import { fieldPaths, NO_PRIMITIVE_FORM, withValueAt } from '../support/json-fields.js';
import { chain } from './support/chained-records.js';

const KEY = 'ingest-fuzz-key';
let dir: string;
let server: DecisionLogServer;
const logs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vx-ingest-fuzz-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'log.sqlite'), ingestKey: KEY, readKey: 'ingest-fuzz-read', log: (line) => logs.push(line) });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const ANSWERS = [200, 400, 409, 413];
const HOSTILE = fc.constantFrom(...NO_PRIMITIVE_FORM, { __proto__: 'x' }, '', -0, 1e308, '2026-13-45T99:99:99Z');

describe('server ingest on fuzzed decisions', () => {
  it('any JSON in place of any field: a 2xx or 4xx, never a 500', { timeout: 120_000 }, async () => {
    const [template] = chain('fuzz-chain', 1, () => ({ policyContext: { id: 'p1', version: 2 }, usage: { inputTokens: 1, outputTokens: 2 }, finishReasons: ['stop'] }));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fieldPaths(template)), fc.oneof(fc.jsonValue({ maxDepth: 3 }), HOSTILE), async (path, value) => {
        const body = withValueAt(template, path, value) as unknown as Record<string, unknown>;
        body.decisionId = `fuzz-${n++}`; // a fresh id, so idempotency never hides the validation path
        const res = await fetch(`${server.url}/v1/decisions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await res.arrayBuffer();
        expect(ANSWERS).toContain(res.status);
      }),
      { numRuns: 300 },
    );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
