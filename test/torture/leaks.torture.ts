/**
 * Leaks. Secret canaries (API key, buffer key, signing key, redaction key) through every error and
 * log path; PII canaries in every content field of every dialect (shared fixtures) through a real
 * outage, dead letters and the reference server with redaction on; file permissions of the queue.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metrics } from '@opentelemetry/api';
// A transitive dependency (via @opentelemetry/sdk-node), hoisted: the metrics path is scanned too.
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryService } from '../../src/delivery/delivery-service.js';
import { ComplianceReporter, DecisionLogExporter, DecisionLogSpanProcessor } from '../../src/index.js';
import type { LogRecordLike, SpanLike } from '../../src/otel-types.js';
import { startServer } from '../../src/server/index.js';
import { listFixtures, loadFixture } from '../support/fixtures.js';
import { ChaosProxy } from './support/chaos-proxy.js';
import { badModes, type Needle, needlesFor, scanFiles, scanText, walk } from './support/canaries.js';
import { sleep } from './support/mode.js';
import { CLI, spawnNode } from './support/processes.js';
import { recordResult } from './support/results.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'vx-torture-leaks-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const API_KEY = `sk-CANARYAPIKEY${randomBytes(8).toString('hex')}`;
const BUFFER_KEY = randomBytes(32).toString('base64');
const WRONG_BUFFER_KEY = randomBytes(32).toString('base64');
const SIGNING_KEY = randomBytes(32).toString('base64');
const REDACTION_KEY = `CANARYREDACTIONKEY${randomBytes(8).toString('hex')}`;
const SECRETS: Needle[] = [
  ...needlesFor('API key', API_KEY),
  ...needlesFor('buffer key', BUFFER_KEY, true),
  ...needlesFor('wrong buffer key', WRONG_BUFFER_KEY, true),
  ...needlesFor('signing key', SIGNING_KEY, true),
  ...needlesFor('redaction key', REDACTION_KEY),
];

function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return `${e.name} ${e.message} ${e.stack ?? ''} ${JSON.stringify(e)} ${String((e as { cause?: unknown }).cause ?? '')}`;
}

describe('secret canaries', () => {
  it('never appear in errors, logs, CLI output or files, whatever goes wrong', async () => {
    const logs: string[] = [];
    const logger = (level: string, message: string, fields?: unknown) => logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    const hits: string[] = [];
    let paths = 0;
    // Positive controls: the scanner finds a planted secret in text and in a file.
    expect(scanText('control', `x${API_KEY}y`, SECRETS)).toHaveLength(1);
    writeFileSync(join(work, 'control.bin'), Buffer.concat([Buffer.from('a'), Buffer.from(SIGNING_KEY, 'base64')]));
    expect(scanFiles([join(work, 'control.bin')], SECRETS)).toHaveLength(1);
    await rm(join(work, 'control.bin'));
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const meterProvider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 })] });
    metrics.setGlobalMeterProvider(meterProvider);
    const base = { apiKey: API_KEY, signingKey: SIGNING_KEY, redactionKey: REDACTION_KEY, aiSystemId: 'leaks', logger };

    // 1. Bad configuration: every constructor error.
    const badConfigs: Record<string, unknown>[] = [
      { bufferKey: Buffer.from(`${API_KEY}${REDACTION_KEY}`).toString('base64') }, // wrong length
      { bufferKey: `${BUFFER_KEY}x!` },
      { bufferKey: API_KEY },
      { bufferKey: BUFFER_KEY, signingKey: `${SIGNING_KEY}${SIGNING_KEY}` },
      { bufferKey: BUFFER_KEY, signingKey: `-----BEGIN PRIVATE KEY-----\n${SIGNING_KEY}\n-----END PRIVATE KEY-----` },
      { bufferKey: BUFFER_KEY, tenantApiUrl: `http://user:${API_KEY}@example.com/v1` },
      { bufferKey: BUFFER_KEY, tenantApiUrl: `ftp://example.com/${API_KEY}` },
      { bufferKey: BUFFER_KEY, tenantApiUrl: `not a url ${API_KEY}` },
      { bufferKey: undefined, tenantApiUrl: 'http://127.0.0.1:9/v1' },
    ];
    for (const extra of badConfigs) {
      for (const Ctor of [DecisionLogSpanProcessor, DecisionLogExporter, ComplianceReporter]) {
        paths++;
        try {
          const instance = new Ctor({ ...base, bufferDir: join(work, `bad-${paths}`), ...extra } as never);
          await (instance as { shutdown(): Promise<void> }).shutdown().catch((e: unknown) => hits.push(...scanText('shutdown error', errorText(e), SECRETS)));
        } catch (e) {
          hits.push(...scanText(`config error ${paths}`, errorText(e), SECRETS));
        }
      }
    }

    // 2. A hostile endpoint: 401 / 403 / 400 / 500 / redirect, each ECHOING the request headers
    // (so the bearer token) in its body and headers.
    let status = 401;
    const echo = createServer((req: IncomingMessage, res) => {
      req.resume();
      req.on('end', () => {
        const headers = JSON.stringify(req.headers);
        res.writeHead(status, { 'content-type': 'application/json', 'x-echo': encodeURIComponent(headers).slice(0, 4000), location: `http://evil.example/${API_KEY}` });
        res.end(JSON.stringify({ error: 'echo', received: req.headers, message: `bad token ${String(req.headers.authorization)}` }));
      });
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    const echoUrl = `http://127.0.0.1:${(echo.address() as { port: number }).port}/v1/decisions`;
    const bufferDir = join(work, 'echo-buffer');
    for (const s of [401, 403, 400, 413, 500, 503, 302]) {
      status = s;
      paths++;
      const reporter = new ComplianceReporter({ ...base, bufferKey: BUFFER_KEY, bufferDir, tenantApiUrl: echoUrl, maxAttempts: 2, baseDelayMs: 5 });
      try {
        await reporter.logDecision({ operation: 'human_review', input: 'x', output: 'y' } as never);
      } catch (e) {
        hits.push(...scanText(`reporter error on ${s}`, errorText(e), SECRETS));
      }
      await reporter.shutdown().catch((e: unknown) => hits.push(...scanText('reporter shutdown', errorText(e), SECRETS)));
    }
    echo.close();

    // 3. Disk faults: a buffer directory that cannot exist.
    writeFileSync(join(work, 'a-file'), 'x');
    paths++;
    try {
      const p = new DecisionLogSpanProcessor({ ...base, bufferKey: BUFFER_KEY, bufferDir: join(work, 'a-file', 'buf'), tenantApiUrl: echoUrl });
      p.onEnd({ name: 'x', spanContext: () => ({ traceId: '1'.repeat(32), spanId: '1'.repeat(16), traceFlags: 1 }), attributes: { 'gen_ai.operation.name': 'chat' }, startTime: [0, 0], endTime: [1, 0] } as unknown as SpanLike);
      await p.forceFlush().catch((e: unknown) => hits.push(...scanText('flush error (disk)', errorText(e), SECRETS)));
      await p.shutdown().catch((e: unknown) => hits.push(...scanText('shutdown error (disk)', errorText(e), SECRETS)));
    } catch (e) {
      hits.push(...scanText('disk fault error', errorText(e), SECRETS));
    }

    // 4. The wrong buffer key on a queue written with another one: library and CLI.
    paths++;
    const wrong = createDeliveryService({ tenantApiUrl: echoUrl, apiKey: API_KEY, bufferKey: WRONG_BUFFER_KEY, bufferDir, logger, drainOnStart: false });
    await wrong.flushBuffer().catch((e: unknown) => hits.push(...scanText('wrong key drain', errorText(e), SECRETS)));
    await wrong.shutdown();
    const cliOut: string[] = [];
    for (const args of [
      ['buffer', 'status', '--dir', bufferDir],
      ['buffer', 'status', '--json', '--dir', bufferDir],
      ['buffer', 'drain', '--dir', bufferDir],
      ['buffer', 'purge', '--older-than', '0s', '--dir', join(work, 'nothing')],
      ['gateway', '--port', '0'],
      ['serve', '--port', '-1', '--ingest-key-env', 'VAXELIA_API_KEY', '--read-key-env', 'VAXELIA_REDACTION_KEY'],
    ]) {
      for (const key of [WRONG_BUFFER_KEY, `${BUFFER_KEY}zz`]) {
        paths++;
        const child = spawnNode([CLI, ...args], {
          VAXELIA_BUFFER_KEY: key,
          VAXELIA_API_KEY: API_KEY,
          VAXELIA_SIGNING_KEY: `${SIGNING_KEY}!`,
          VAXELIA_REDACTION_KEY: REDACTION_KEY,
          VAXELIA_TENANT_API_URL: 'http://127.0.0.1:9/v1/decisions',
          VAXELIA_BUFFER_DIR: join(work, 'cli-buffer'),
        });
        const timer = setTimeout(() => child.proc.kill('SIGTERM'), 3000);
        await child.exited;
        clearTimeout(timer);
        cliOut.push(`${args.join(' ')}\n${child.stdout}\n${child.stderr}`);
      }
    }
    for (const out of cliOut) hits.push(...scanText(`CLI: ${out.split('\n')[0]}`, out, SECRETS));

    await meterProvider.forceFlush();
    const metricDump = JSON.stringify(metricExporter.getMetrics());
    hits.push(...scanText('metrics', metricDump, SECRETS));
    await meterProvider.shutdown();
    metrics.disable();

    // 5. Everything written to disk, and every log line.
    hits.push(...scanFiles(walk(work), SECRETS.filter((n) => !n.name.startsWith('API key') || true)));
    hits.push(...scanText('logs', logs.join('\n'), SECRETS));
    const modes = badModes(bufferDir);
    recordResult({ file: 'leaks', scenario: 'secret canaries', hostile: paths, leaks: hits.length, note: `${paths} error/log paths, ${logs.length} log lines, ${walk(work).length} files, ${metricDump.length} B of metrics scanned` });
    expect(metricDump).toContain('vaxelia.');
    expect(hits).toEqual([]);
    expect(logs.length).toBeGreaterThan(0);
    expect(modes).toEqual([]);
  });
});

const PII = { email: 'jane.canary.doe@example.com', card: '4111 1111 1111 1111', phone: '+44 20 7946 0958', ssn: '078-05-1120' };
const PII_TEXT = ` my email is ${PII.email}, card ${PII.card}, phone ${PII.phone}, ssn ${PII.ssn}.`;
const PII_NEEDLES: Needle[] = Object.entries(PII).flatMap(([k, v]) => needlesFor(`PII ${k}`, v));

/** Appends the PII sentence to every natural-language string leaf (contains a space, ≥ 8 chars), also inside JSON strings. */
function inject(value: unknown, depth = 0): unknown {
  if (depth > 50) return value;
  if (typeof value === 'string') {
    const t = value.trim();
    if ((t.startsWith('{') || t.startsWith('[')) && t.length > 1) {
      try {
        return JSON.stringify(inject(JSON.parse(t), depth + 1));
      } catch {
        // not JSON
      }
    }
    return value.includes(' ') && value.length >= 8 ? value + PII_TEXT : value;
  }
  if (Array.isArray(value)) return value.map((v) => inject(v, depth + 1));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inject(v, depth + 1)]));
  return value;
}

describe('PII canaries', () => {
  it('every content field of every dialect: nothing in the buffer, dead letters, logs or the server database', async () => {
    const dbPath = join(work, 'pii.sqlite');
    const server = await startServer({ port: 0, dbPath, ingestKey: API_KEY, readKey: `read-${API_KEY}` });
    const proxy = await new ChaosProxy(server.url, { modes: ['status5xx'] }).start();
    // Every third decision is refused permanently (400) once the outage ends: dead letters too.
    let n400 = 0;
    const gate = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        if (proxy.chaos) {
          res.writeHead(503);
          return void res.end();
        }
        if (n400++ % 3 === 0) {
          res.writeHead(400, { 'content-type': 'application/json' });
          return void res.end('{"error":"refused by torture"}');
        }
        const r = await fetch(`${server.url}/v1/decisions`, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
        res.writeHead(r.status);
        res.end(await r.text());
      });
    });
    await new Promise<void>((r) => gate.listen(0, '127.0.0.1', () => r()));
    const gateUrl = `http://127.0.0.1:${(gate.address() as { port: number }).port}/v1/decisions`;
    const logs: string[] = [];
    const bufferDir = join(work, 'pii-buffer');
    const processor = new DecisionLogSpanProcessor({
      tenantApiUrl: gateUrl,
      apiKey: API_KEY,
      bufferKey: BUFFER_KEY,
      bufferDir,
      redactionKey: REDACTION_KEY,
      maxAttempts: 1,
      baseDelayMs: 5,
      drainIntervalMs: 200,
      logger: (level, message, fields) => logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
    });
    let spans = 0;
    let logRecords = 0;
    const dialects = new Set<string>();
    for (const file of listFixtures()) {
      const fixture = loadFixture(file);
      dialects.add(file.split('/')[0]!);
      for (const log of fixture.logs) {
        processor.onEmit({ ...log, body: inject(log.body) as LogRecordLike['body'], attributes: inject(log.attributes) as LogRecordLike['attributes'] });
        logRecords++;
      }
      for (const span of fixture.spans) {
        processor.onEnd({
          ...span,
          attributes: inject(span.attributes) as SpanLike['attributes'],
          events: (span.events ?? []).map((e) => ({ ...e, attributes: inject(e.attributes) as never })),
        });
        spans++;
      }
    }
    await processor.forceFlush();
    // Outage: everything is queued (encrypted) now. Scan while it sits on disk.
    const queuedHits = scanFiles(walk(bufferDir), PII_NEEDLES);
    proxy.chaos = false;
    await sleep(1000);
    await processor.shutdown();
    const drainer = createDeliveryService({ tenantApiUrl: gateUrl, apiKey: API_KEY, bufferKey: BUFFER_KEY, bufferDir, drainOnStart: false, logger: () => {} });
    for (let i = 0; i < 5; i++) await drainer.flushBuffer();
    await drainer.shutdown();
    const stored = await fetch(`${server.url}/v1/decisions?format=jsonl`, { headers: { authorization: `Bearer read-${API_KEY}` } }).then((r) => r.text());
    const records = stored.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { redaction?: { counts?: Record<string, number> }; operation?: string });
    await server.close();
    gate.close();
    await proxy.stop();
    const deadLetters = walk(join(bufferDir, 'dead-letter')).length;
    const redacted = records.reduce((a, r) => a + Object.values(r.redaction?.counts ?? {}).reduce((x, y) => x + y, 0), 0);
    const hits = [
      ...queuedHits,
      ...scanFiles(walk(bufferDir), PII_NEEDLES),
      ...scanFiles([dbPath, `${dbPath}-wal`, `${dbPath}-shm`], PII_NEEDLES),
      ...scanText('logs', logs.join('\n'), PII_NEEDLES),
      ...scanText('server export', stored, PII_NEEDLES),
    ];
    const modes = badModes(bufferDir);
    const dbMode = (statSync(dbPath).mode & 0o777).toString(8);
    recordResult({
      file: 'leaks',
      scenario: 'PII canaries, every dialect',
      produced: spans,
      delivered: records.filter((r) => r.operation !== 'checkpoint').length,
      leaks: hits.length + modes.length,
      hostile: spans + logRecords,
      note: `${dialects.size} dialects, ${redacted} PII redactions, ${deadLetters} dead-letter files; server db mode ${dbMode}`,
    });
    expect(hits).toEqual([]);
    expect(modes).toEqual([]);
    expect(redacted).toBeGreaterThan(spans); // the canaries really went through content fields
    expect(deadLetters).toBeGreaterThan(0);
  });

  // Found by this suite (fixed): the SQLite file was created with the process umask (0644).
  it('the reference server database file is not world-readable', async () => {
    const dbPath = join(work, 'mode.sqlite');
    const server = await startServer({ port: 0, dbPath, ingestKey: API_KEY, readKey: `read-${API_KEY}` });
    await server.close();
    expect((statSync(dbPath).mode & 0o077).toString(8)).toBe('0');
  });
});
