#!/usr/bin/env node
// @ts-check
/**
 * `npm run demo`: the whole story on one machine, no account, no network.
 *
 *   reference decision-log server (SQLite, temp DB)  ◀──POST──  instrumented app
 *   (NodeSDK + official OpenAI instrumentation + DecisionLogSpanProcessor)  ──▶  LLM stand-in
 *
 * The app makes chat, streaming and tool calls whose prompts carry an email, a card number and a
 * phone number; midway the endpoint goes down, decisions queue encrypted on disk, the endpoint comes
 * back on the same port and database, the queue drains; then the chain is verified from the server's
 * JSON Lines export. Exit 0 only if every step held. `--keep` leaves the server up to browse the report.
 *
 * Runs against the BUILT package (`npm run build` first): it imports `@vaxelia/ai-otel` by name.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startMockLLM } from './mock-llm.mjs';

const keep = process.argv.includes('--keep');
const require = createRequire(import.meta.url);
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const tty = process.stdout.isTTY === true;
const started = Date.now();

const EMAIL = 'jane.doe@example.com';
const CARD = '4111 1111 1111 1111';
const PHONE = '+1 415-555-0132';
const PII_PROMPT = `My email is ${EMAIL}, card ${CARD}, call me at ${PHONE}. Can you confirm my order?`;

/** @type {{ label: string, ok: boolean, detail: string }[]} */
const checks = [];
/** @param {string} label @param {boolean} ok @param {string} detail */
function check(label, ok, detail) {
  checks.push({ label, ok, detail });
  line(`${ok ? '✔' : '✘'} ${label}: ${detail}`);
}
/** @param {string} text */
function line(text) {
  if (tty) process.stdout.write('\r\x1b[K');
  process.stdout.write(`${text}\n`);
}
/** @param {string} text */
function progress(text) {
  if (tty) process.stdout.write(`\r\x1b[K  … ${text}`);
}

/** Polls `condition` every 100 ms (showing progress) until it holds or `ms` pass. */
async function waitFor(what, condition, ms) {
  const until = Date.now() + ms;
  const spin = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
  for (let i = 0; ; i++) {
    if (await condition()) return true;
    if (Date.now() > until) return false;
    progress(`${spin[i % spin.length]} ${what} (${((until - Date.now()) / 1000).toFixed(0)} s left)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  let pkg;
  let serverPkg;
  try {
    pkg = await import('@vaxelia/ai-otel');
    serverPkg = await import('@vaxelia/ai-otel/server');
  } catch (error) {
    console.error(`The demo runs against the built package: run \`npm run build\` first.\n(${/** @type {Error} */ (error).message})`);
    return 2;
  }
  const { DecisionLogSpanProcessor, verifyChain } = pkg;
  const { startServer } = serverPkg;

  const dir = mkdtempSync(join(tmpdir(), 'vaxelia-demo-'));
  const dbPath = join(dir, 'decision-log.sqlite');
  const bufferDir = join(dir, 'buffer');
  const bufferKey = randomBytes(32).toString('base64');
  const apiKey = `demo-${randomBytes(12).toString('hex')}`;

  line('vaxelia ai-otel demo — every AI decision on record, redacted, chained, delivered');
  const readKey = `read-${apiKey}`;
  let server = await startServer({ port: 0, dbPath, ingestKey: apiKey, readKey });
  const port = server.port;
  const auth = { authorization: `Bearer ${readKey}` };
  line(`  decision-log server  ${server.url}  (SQLite ${dbPath})`);

  // The LLM: the real API only when asked for and reachable; otherwise the local stand-in.
  let llm;
  let baseURL;
  let model = 'gpt-4o-mini';
  if (process.env.OPENAI_API_KEY && (await reachable('https://api.openai.com/v1/models'))) {
    line('  LLM                  the real OpenAI API (OPENAI_API_KEY is set and api.openai.com answers)');
  } else {
    llm = await startMockLLM();
    baseURL = llm.baseURL;
    model = 'gpt-4o-mini';
    line(`  LLM                  LOCAL STAND-IN for the OpenAI API at ${llm.baseURL} (not a model; set OPENAI_API_KEY for the real one)`);
  }

  // The instrumented app, set up as README "Setup in an existing app" says.
  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { OpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai');
  const decisions = new DecisionLogSpanProcessor({
    aiSystemId: 'demo-support-assistant',
    tenantApiUrl: `${server.url}/v1/decisions`,
    apiKey,
    bufferKey,
    bufferDir,
    // Quick retries so the outage shows within seconds (production defaults are gentler).
    maxAttempts: 2,
    baseDelayMs: 100,
    maxDelayMs: 500,
    drainIntervalMs: 500,
    requestTimeoutMs: 2000,
    logger: () => {},
  });
  const sdk = new NodeSDK({
    serviceName: 'demo-support-assistant',
    resourceDetectors: [],
    metricReaders: [],
    spanProcessors: [decisions],
    logRecordProcessors: [decisions],
    instrumentations: [new OpenAIInstrumentation({ captureMessageContent: true })],
  });
  sdk.start();
  // Loaded after sdk.start() through require, so the instrumentation patches it.
  const { OpenAI } = require('openai');
  const client = new OpenAI({ ...(baseURL ? { baseURL, apiKey: 'demo-no-key' } : {}), maxRetries: 0 });

  let calls = 0;
  const chat = async (/** @type {string} */ content) => {
    calls++;
    await client.chat.completions.create({ model, messages: [{ role: 'system', content: 'You are a support assistant.' }, { role: 'user', content }] });
  };
  const stream = async (/** @type {string} */ content) => {
    calls++;
    const s = await client.chat.completions.create({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content }] });
    for await (const _ of s);
  };
  const toolRound = async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string' } }, required: ['location'] } } }];
    const messages = [{ role: 'user', content: `What is the weather in Paris? Text me at ${PHONE}.` }];
    calls++;
    const first = await client.chat.completions.create({ model, messages, tools });
    const call = first.choices[0]?.message?.tool_calls?.[0];
    if (!call) return;
    calls++;
    await client.chat.completions.create({
      model,
      tools,
      messages: [...messages, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: JSON.stringify({ location: 'Paris', temperature: 21, conditions: 'sunny' }) }],
    });
  };
  const countDecisions = () => server.db.database.prepare("SELECT COUNT(*) AS n FROM decisions WHERE operation IS NOT 'checkpoint'").get().n;

  // 1. Endpoint up.
  progress('phase 1: chat, streaming and tool calls with the endpoint up');
  await chat(PII_PROMPT);
  await stream(`Please email the receipt to ${EMAIL}.`);
  await toolRound();
  await decisions.forceFlush();
  const phase1 = calls;
  const delivered1 = await waitFor('delivering', () => countDecisions() >= phase1, 15_000);
  check('endpoint up', delivered1, `${phase1} calls → ${countDecisions()} decisions delivered`);

  // 2. Endpoint down: decisions go to the encrypted queue.
  await server.close();
  line(`  … endpoint DOWN (server stopped)`);
  progress('phase 2: more calls while the endpoint is down');
  await chat(`Card ${CARD} was charged twice, call ${PHONE}.`);
  await stream(`Change my contact to ${EMAIL} please.`);
  await chat('Thanks, that is all.');
  await decisions.forceFlush();
  const downCalls = calls - phase1;
  let queued = 0;
  await waitFor('waiting for the queue', async () => {
    queued = (await bufferStatus(bufferDir, bufferKey))?.pending ?? 0;
    return queued >= downCalls;
  }, 15_000);
  check('endpoint down', queued >= downCalls, `${downCalls} decisions queued, encrypted (AES-256-GCM) in ${bufferDir}`);

  // 3. Endpoint back on the same port and database: the queue drains.
  server = await startServer({ port, dbPath, ingestKey: apiKey, readKey });
  line(`  … endpoint UP again on port ${port}`);
  const drained = await waitFor('draining the queue', async () => {
    await decisions.forceFlush();
    return countDecisions() >= calls;
  }, 30_000);
  const left = (await bufferStatus(bufferDir, bufferKey))?.pending ?? -1;
  check('queue drained', drained && left === 0, `${queued} queued → ${countDecisions() - phase1} delivered after the outage, ${left} left`);

  // Shutdown writes the writer's final checkpoint and delivers it.
  progress('shutting the app down (final checkpoint)');
  await sdk.shutdown();

  // 4. Verify like an auditor: the server's JSON Lines export through verifyChain.
  const res = await fetch(`${server.url}/v1/decisions?format=jsonl`, { headers: auth });
  const jsonl = await res.text();
  const records = jsonl.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const verdict = verifyChain(records);
  const aiRecords = records.filter((r) => r.operation !== 'checkpoint');
  check('decisions recorded', aiRecords.length === calls, `${aiRecords.length} of ${calls} LLM calls (+ ${records.length - aiRecords.length} checkpoint)`);
  check(
    'chain verified',
    verdict.ok && verdict.chains.length === 1,
    verdict.ok ? `${verdict.count} records, ${verdict.chains.length} chain, head seq ${verdict.chains[0]?.lastSeq}, sealed=${verdict.chains[0]?.sealed}` : `${verdict.problems.length} problems: ${verdict.problems.map((p) => `${p.kind}@${p.seq}`).join(', ')}`,
  );
  const leaked = [EMAIL, '4111 1111', '415-555-0132'].filter((raw) => jsonl.includes(raw));
  const report = await (await fetch(`${server.url}/report?format=json`, { headers: auth })).json();
  const redactions = report.redactions.map((/** @type {{type: string, count: number}} */ r) => `${r.type} ${r.count}`).join(', ');
  const types = new Set(report.redactions.map((/** @type {{type: string}} */ r) => r.type));
  check('PII redacted before hashing', leaked.length === 0 && types.size >= 3, leaked.length ? `raw PII in the log: ${leaked.join(', ')}` : redactions);
  const chainsOk = (await (await fetch(`${server.url}/v1/chains`, { headers: auth })).json()).ok === true;
  const page = await fetch(`${server.url}/report`, { headers: auth });
  const html = await page.text();
  const banner = /data-verdict="([A-Z ]+)"/.exec(html)?.[1];
  check('evidence report', chainsOk && page.status === 200 && banner === 'OK', `GET /report → ${page.status}, integrity banner ${banner ?? 'missing'}, ${Math.round(html.length / 1024)} KiB self-contained HTML`);

  const ok = checks.every((c) => c.ok);
  line('');
  line(`${ok ? 'DEMO OK' : 'DEMO FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s — report: ${server.url}/report${keep ? '' : ' (run with --keep to browse it)'}`);
  await llm?.close();
  if (keep) {
    line(`  server kept up; the browser asks for a password: ${readKey} (the read key; any user name). Ctrl+C to stop.`);
    await new Promise((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  }
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  return ok ? 0 : 1;
}

/** @param {string} url */
async function reachable(url) {
  try {
    const res = await fetch(url, { method: 'GET', headers: { authorization: `Bearer ${process.env.OPENAI_API_KEY}` }, signal: AbortSignal.timeout(3000) });
    return res.status < 500;
  } catch {
    return false;
  }
}

/** Queue depth from `vaxelia-otel buffer status --json` (counts segments another process holds). */
async function bufferStatus(bufferDir, bufferKey) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'buffer', 'status', '--dir', bufferDir, '--json'], {
      env: { ...process.env, VAXELIA_BUFFER_KEY: bufferKey },
    });
    return JSON.parse(stdout);
  } catch {
    return undefined;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    line(`DEMO FAILED: ${error?.stack ?? error}`);
    process.exitCode = 1;
  },
);
