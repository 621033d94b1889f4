// @ts-check
/**
 * What every example runs against, on this machine: the reference decision-log server (temp SQLite
 * database) and the LOCAL STAND-IN for the OpenAI API from the demo. Point an example at your own
 * endpoint with VAXELIA_TENANT_API_URL (+ VAXELIA_API_KEY); the examples then only print what they sent.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyChain } from '@vaxelia/ai-otel';
import { startServer } from '@vaxelia/ai-otel/server';
import { startMockLLM } from '../../scripts/demo/mock-llm.mjs';

/** @param {string} name */
export async function startLocalStack(name) {
  const dir = mkdtempSync(join(tmpdir(), `vaxelia-example-${name}-`));
  const apiKey = process.env.VAXELIA_API_KEY ?? `example-${randomBytes(8).toString('hex')}`;
  const server = process.env.VAXELIA_TENANT_API_URL ? undefined : await startServer({ port: 0, dbPath: join(dir, 'log.sqlite'), ingestKey: apiKey, readKey: `read-${apiKey}` });
  const llm = await startMockLLM();
  console.log(`decision log: ${server ? `${server.url} (reference server, temp DB)` : process.env.VAXELIA_TENANT_API_URL}`);
  console.log(`LLM:          ${llm.baseURL} (LOCAL STAND-IN for the OpenAI API, not a model)`);
  return {
    /** Options for DecisionLogSpanProcessor / ComplianceReporter. */
    vaxelia: {
      tenantApiUrl: process.env.VAXELIA_TENANT_API_URL ?? `${server?.url}/v1/decisions`,
      apiKey,
      bufferKey: process.env.VAXELIA_BUFFER_KEY ?? randomBytes(32).toString('base64'),
      bufferDir: join(dir, 'buffer'),
    },
    llmBaseURL: llm.baseURL,
    /**
     * Reads back what the server holds, verifies the chain like an auditor, prints a summary.
     * @returns {Promise<any[]>} the non-checkpoint records
     */
    async verify() {
      if (!server) return [];
      const res = await fetch(`${server.url}/v1/decisions?format=jsonl`, { headers: { authorization: `Bearer read-${apiKey}` } });
      const records = (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l));
      const verdict = verifyChain(records);
      const decisions = records.filter((r) => r.operation !== 'checkpoint');
      console.log(`recorded ${decisions.length} decisions; chain ${verdict.ok ? 'OK' : `PROBLEM: ${JSON.stringify(verdict.problems)}`}`);
      if (!verdict.ok) throw new Error('chain verification failed');
      return decisions;
    },
    async close() {
      await llm.close();
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A prompt with an email, a card number and a phone number: the log must hold none of them. */
export const PII_PROMPT = 'My email is jane.doe@example.com, card 4111 1111 1111 1111, call me at +1 415-555-0132. Is my order shipped?';

/** @param {unknown[]} records */
export function assertNoRawPII(records) {
  const text = JSON.stringify(records);
  for (const raw of ['jane.doe@example.com', '4111 1111 1111 1111', '415-555-0132']) {
    if (text.includes(raw)) throw new Error(`raw PII reached the decision log: ${raw}`);
  }
}
