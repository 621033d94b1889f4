/**
 * The README's setup snippets, run as real apps in child processes — ESM (`node --import
 * ./telemetry.mjs app.mjs`, with the instrumentation loader hook) and CommonJS (`node --require
 * ./telemetry.cjs app.cjs`) — with the official OpenAI instrumentation and the real `openai`
 * client against the mock provider, delivering to a real decision-log endpoint. The snippets are read
 * from README.md, so the documentation is what is tested.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AIDecision } from '../../src/decision.js';
import { DecisionEndpoint } from '../delivery/support/decision-endpoint.js';
import { type MockOpenAIServer, startMockOpenAIServer } from '../e2e/support/mock-openai-server.js';

const run = promisify(execFile);
const ROOT = process.cwd();
let app: string;
let mock: MockOpenAIServer;
let endpoint: DecisionEndpoint;

/** The README code block `// <file> — run: node …` and the arguments of its command. */
function readmeSnippet(file: string): { code: string; args: string[] } {
  const blocks = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const code = blocks.find((b) => b.startsWith(`// ${file} — run: node `));
  if (!code) throw new Error(`README.md has no js code block starting with "// ${file} — run: node …"`);
  return { code, args: code.split('\n')[0]!.slice(`// ${file} — run: node `.length).trim().split(/\s+/) };
}

/** The package as an app installs it: ESM and CJS builds of the sources, dependencies left external. */
function installPackage(dir: string): void {
  const pkg = join(dir, 'node_modules', '@vaxelia', 'ai-otel');
  mkdirSync(pkg, { recursive: true });
  for (const [format, file] of [
    ['esm', 'index.mjs'],
    ['cjs', 'index.cjs'],
  ] as const) {
    execFileSync(join(ROOT, 'node_modules/.bin/esbuild'), [join(ROOT, 'src/index.ts'), '--bundle', '--platform=node', `--format=${format}`, '--packages=external', `--outfile=${join(pkg, file)}`, '--log-level=warning']);
  }
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@vaxelia/ai-otel', exports: { import: './index.mjs', require: './index.cjs' } }));
}

const CHAT = `{ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Is card 4111 1111 1111 1111 blocked?' }] }`;

// Child processes (SDK start, bundling) are slow on a loaded 2-core machine: generous limits, no timing asserted.
const CHILD_LIMIT_MS = 180_000;

beforeAll(async () => {
  // Inside the repository's node_modules, so the app resolves the installed SDK, instrumentation and client.
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  app = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'vaxelia-setup-'));
  installPackage(app);
  for (const [file, content] of Object.entries({
    'telemetry.mjs': readmeSnippet('telemetry.mjs').code,
    'telemetry.cjs': readmeSnippet('telemetry.cjs').code,
    'app.mjs': `import OpenAI from 'openai';\nconst client = new OpenAI({ baseURL: process.env.MOCK_URL, apiKey: 'k', maxRetries: 0 });\nawait client.chat.completions.create(${CHAT});\nprocess.kill(process.pid, 'SIGTERM');\nawait new Promise(() => {});\n`,
    'app.cjs': `const OpenAI = require('openai');\nconst client = new OpenAI({ baseURL: process.env.MOCK_URL, apiKey: 'k', maxRetries: 0 });\nclient.chat.completions.create(${CHAT}).then(() => process.kill(process.pid, 'SIGTERM'));\nsetInterval(() => {}, 1000);\n`,
  })) {
    writeFileSync(join(app, file), content);
  }
  mock = await startMockOpenAIServer();
  endpoint = await new DecisionEndpoint().start();
}, CHILD_LIMIT_MS);

afterAll(async () => {
  await mock?.close();
  await endpoint?.stop();
  if (app) rmSync(app, { recursive: true, force: true });
});

async function decisionsOf(args: string[]): Promise<AIDecision[]> {
  const before = endpoint.requests.length;
  await run(process.execPath, args, {
    cwd: app,
    timeout: CHILD_LIMIT_MS,
    env: {
      PATH: process.env.PATH,
      MOCK_URL: mock.baseURL,
      VAXELIA_TENANT_API_URL: endpoint.url,
      VAXELIA_API_KEY: 'setup-test-key',
      VAXELIA_BUFFER_KEY: randomBytes(32).toString('base64'),
      VAXELIA_BUFFER_DIR: mkdtempSync(join(app, 'buffer-')),
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_TRACES_EXPORTER: 'none',
    },
  });
  return endpoint.requests
    .slice(before)
    .map((request) => JSON.parse(request.body) as AIDecision)
    .filter((decision) => decision.operation !== 'checkpoint');
}

function expectOneChat(decisions: AIDecision[]): void {
  expect(decisions).toHaveLength(1);
  expect(decisions[0]).toMatchObject({ operation: 'chat', requestModel: 'gpt-4o-mini', status: 'completed', aiSystemId: 'credit-assistant' });
  expect(decisions[0]!.input.messages[0]!.parts[0]!.content).toBe('Is card [CREDIT_CARD] blocked?');
}

describe('the README setup, as an app runs it', () => {
  it('ESM: the command on the snippet (node --import ./telemetry.mjs app.mjs) records the call', async () => {
    const { args } = readmeSnippet('telemetry.mjs');
    expect(args).toEqual(['--import', './telemetry.mjs', 'app.mjs']);
    expectOneChat(await decisionsOf(args));
  }, CHILD_LIMIT_MS);

  it('CommonJS: the command on the snippet (node --require ./telemetry.cjs app.cjs) records the call', async () => {
    expectOneChat(await decisionsOf(readmeSnippet('telemetry.cjs').args));
  }, CHILD_LIMIT_MS);

  it('control: the ESM app without the loader hook records nothing (why the README insists on it)', async () => {
    writeFileSync(join(app, 'no-hook.mjs'), readmeSnippet('telemetry.mjs').code.replace(/^register\(.*$/m, ''));
    expect(await decisionsOf(['--import', './no-hook.mjs', 'app.mjs'])).toEqual([]);
  }, CHILD_LIMIT_MS);
});
