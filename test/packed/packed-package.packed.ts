import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The same local stand-in for the OpenAI API the demo uses (not a model).
import { startMockLLM } from '../../scripts/demo/mock-llm.mjs';
import { createApp, diskUsage, type PackResult, packRepository, readmeSnippet, run, testedVersion } from './support/app-folder.js';

/**
 * The published package is the tested package: the checkout is packed as `npm publish` packs it,
 * installed into brand-new app folders outside the checkout (nothing above them to resolve from),
 * and the README's setup snippets run there exactly as a user copies them — ESM and CommonJS —
 * against the installed `vaxelia-otel serve` and a local OpenAI stand-in.
 */
let work: string;
let packed: PackResult;
let app: string;
let server: ChildProcess | undefined;
let serverUrl: string;
let llm: Awaited<ReturnType<typeof startMockLLM>>;
// The server's two credentials: apps POST with the ingest key, the test reads back with the read key.
const apiKey = `ingest-${randomBytes(8).toString('hex')}`;
const readKey = `read-${randomBytes(8).toString('hex')}`;
const MiB = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vaxelia-packed-'));
  packed = packRepository(work);
  console.log(`packed ${packed.tarball}: ${(packed.size / 1024).toFixed(0)} KiB, ${packed.entryCount} files, ${MiB(packed.unpackedSize)} unpacked`);
  app = join(work, 'app');
  mkdirSync(app);
  createApp(app, [
    packed.tarball,
    testedVersion('@opentelemetry/api'),
    testedVersion('@opentelemetry/sdk-node'),
    testedVersion('@opentelemetry/instrumentation-openai'),
    testedVersion('openai'),
  ]);
  llm = await startMockLLM();
  const started = spawn(
    process.execPath,
    [join(app, 'node_modules/.bin/vaxelia-otel'), 'serve', '--port', '0', '--db', join(work, 'log.sqlite'), '--ingest-key-env', 'INGEST_KEY', '--read-key-env', 'READ_KEY'],
    { cwd: app, env: { PATH: process.env.PATH ?? '', INGEST_KEY: apiKey, READ_KEY: readKey }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  server = started;
  serverUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    started.stdout?.on('data', (chunk) => {
      out += String(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    started.on('exit', (code) => reject(new Error(`vaxelia-otel serve exited ${code}: ${out}`)));
  });
});

afterAll(async () => {
  server?.kill('SIGTERM');
  await llm?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function storedDecisions(): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${serverUrl}/v1/decisions?format=jsonl`, { headers: { authorization: `Bearer ${readKey}` } });
  expect(res.status).toBe(200);
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the packed tarball', () => {
  it('holds the build, the types, the contract and the README — no sources, tests or fixtures', () => {
    for (const file of ['package.json', 'README.md', 'docs/DESIGN.md', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/cli.js', 'dist/server.js', 'dist/gateway.js']) {
      expect(packed.files).toContain(file);
    }
    expect(packed.files.filter((f) => !/^(dist\/|docs\/|README\.md$|package\.json$|LICENSE)/.test(f))).toEqual([]);
  });

  // README's two setup files, copied as they are, each run with the command on its first line.
  describe.each([
    { kind: 'ESM', telemetry: 'telemetry.mjs', app: 'app.mjs', source: "import OpenAI from 'openai';\n" },
    { kind: 'CommonJS', telemetry: 'telemetry.cjs', app: 'app.cjs', source: "const OpenAI = require('openai');\n" },
  ])('README setup snippet, $kind', ({ kind, telemetry, app: appFile, source }) => {
    it('records the OpenAI call of an app that only preloads it: the decision reaches the server', async () => {
      const snippet = readmeSnippet(telemetry);
      writeFileSync(join(app, telemetry), snippet.code);
      // The user's own app: one chat completion, nothing of ours in it.
      writeFileSync(
        join(app, appFile),
        `${source}(async () => {\n  const openai = new OpenAI();\n  const chat = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Is my order shipped?' }] });\n  console.log(chat.choices[0].message.content);\n})();\n`,
      );
      const service = `packed-${kind.toLowerCase()}`;
      const [node, ...args] = snippet.command;
      expect(node).toBe('node');
      const result = await run(process.execPath, args, app, {
        PATH: process.env.PATH ?? '',
        HOME: work,
        OTEL_SERVICE_NAME: service,
        OPENAI_BASE_URL: llm.baseURL,
        OPENAI_API_KEY: 'not-needed-for-the-stand-in',
        VAXELIA_TENANT_API_URL: `${serverUrl}/v1/decisions`,
        VAXELIA_API_KEY: apiKey,
        VAXELIA_BUFFER_KEY: randomBytes(32).toString('base64'),
        VAXELIA_BUFFER_DIR: join(work, `buffer-${service}`),
      });
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      expect(result.stderr).not.toMatch(/error/i);

      const mine = (await storedDecisions()).filter((r) => (r.service as { name?: string } | undefined)?.name === service && r.operation !== 'checkpoint');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ aiSystemId: 'credit-assistant', status: 'completed', operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini' });
      expect(typeof mine[0]?.hash).toBe('string');
    });
  });

  it("the installed CLI verifies the server's log", async () => {
    const exported = join(work, 'log.jsonl');
    const res = await fetch(`${serverUrl}/v1/decisions?format=jsonl`, { headers: { authorization: `Bearer ${readKey}` } });
    writeFileSync(exported, await res.text());
    const verify = await run(process.execPath, [join(app, 'node_modules/.bin/vaxelia-otel'), 'verify', exported], app, { PATH: process.env.PATH ?? '' });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it('the installed server inlines Chart.js into the evidence report (embedded at build time)', async () => {
    const res = await fetch(`${serverUrl}/report`, { headers: { authorization: `Bearer ${readKey}` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/Chart\.js v\d+\.\d+\.\d+/);
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('installs lean for an app that uses only the span processor: no server-only or gateway-only dependency', () => {
    const lean = join(work, 'processor-only');
    mkdirSync(lean);
    createApp(lean, [packed.tarball, testedVersion('@opentelemetry/api')]);
    for (const heavy of ['chart.js', 'protobufjs']) expect(existsSync(join(lean, 'node_modules', heavy)), heavy).toBe(false);
    console.log(`processor-only app: node_modules ${MiB(diskUsage(join(lean, 'node_modules')))}`);
  });
});
