import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.js';
import { DecisionEndpoint } from '../delivery/support/decision-endpoint.js';
import { bundleForChild } from '../support/bundle.js';

// The real binary (src/cli/main.ts bundled as tsup would), run in temp app folders with pinned environments.
let work: string;
let cli: string;
let endpoint: DecisionEndpoint;
const API_KEY = 'doctor-secret-api-key-7f3a';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vaxelia-doctor-'));
  cli = bundleForChild('src/cli/main.ts', join(work, 'cli.mjs'));
  endpoint = await new DecisionEndpoint().start();
  endpoint.onRequest = () => {};
}, 120_000);
afterAll(async () => {
  await endpoint?.stop();
  rmSync(work, { recursive: true, force: true });
});

function appFolder(pkg: object, installed: Record<string, string>): string {
  const app = mkdtempSync(join(work, 'app-'));
  writeFileSync(join(app, 'package.json'), JSON.stringify(pkg));
  for (const [name, version] of Object.entries(installed)) {
    mkdirSync(join(app, 'node_modules', name), { recursive: true });
    writeFileSync(join(app, 'node_modules', name, 'package.json'), JSON.stringify({ name, version }));
  }
  return app;
}

function doctor(cwd: string, env: Record<string, string>, args: string[] = ['--json']): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'doctor', ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const goodEnv = () => ({
  VAXELIA_TENANT_API_URL: endpoint.url,
  VAXELIA_API_KEY: API_KEY,
  VAXELIA_BUFFER_KEY: randomBytes(32).toString('base64'),
  VAXELIA_BUFFER_DIR: mkdtempSync(join(work, 'buffer-')),
  VAXELIA_AI_SYSTEM_ID: 'credit-assistant',
  OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
  NODE_OPTIONS: '',
});

describe('vaxelia-otel doctor', () => {
  it('a healthy CommonJS app against the reference server: exit 0, the key checked without recording anything, no secret printed', async () => {
    const server = await startServer({ port: 0, dbPath: join(mkdtempSync(join(work, 'db-')), 'log.sqlite'), ingestKey: API_KEY, readKey: 'doctor-read-key' });
    try {
      const app = appFolder({ name: 'app' }, { '@opentelemetry/instrumentation-openai': '0.22.0', openai: '6.49.0' });
      const result = await doctor(app, { ...goodEnv(), VAXELIA_TENANT_API_URL: `${server.url}/v1/decisions` });
      const report = JSON.parse(result.stdout) as { ok: boolean; findings: { check: string; status: string; message: string }[] };
      expect(report.findings.filter((f) => f.status !== 'ok')).toEqual([]);
      expect(report.findings.find((f) => f.check === 'endpoint.apiKey')?.message).toMatch(/accepts the API key/);
      expect(result.code).toBe(0);
      expect(server.db.count(), 'the probe wrote no decision').toBe(0);
      expect(result.stdout + result.stderr).not.toContain(API_KEY);
      const wrongKey = await doctor(app, { ...goodEnv(), VAXELIA_TENANT_API_URL: `${server.url}/v1/decisions`, VAXELIA_API_KEY: 'not-the-key' });
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.stdout).toContain('endpoint.apiKey');
    } finally {
      await server.close();
    }
  }, 120_000);

  it('what silently breaks recording: each finding with its fix, exit 1', async () => {
    const app = appFolder({ name: 'app', type: 'module', scripts: { start: 'node app.mjs' } }, { '@opentelemetry/instrumentation-openai': '0.22.0', openai: '7.1.0' });
    const env = { ...goodEnv(), VAXELIA_API_KEY: 'wrong-key', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25', OPENINFERENCE_HIDE_INPUTS: 'true' };
    endpoint.fallback = { kind: 'status', status: 401 };
    const result = await doctor(app, env);
    endpoint.fallback = undefined;
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; findings: { check: string; status: string; fix?: string }[] };
    const problems = Object.fromEntries(report.findings.filter((f) => f.status !== 'ok').map((f) => [f.check, f]));
    expect(Object.keys(problems).sort()).toEqual(['content.openinference', 'endpoint.apiKey', 'esm.hook', 'instrumentation.client', 'sampling']);
    for (const finding of Object.values(problems)) expect(finding.fix).toEqual(expect.any(String));
    expect(result.stdout).not.toContain('wrong-key');
    const text = await doctor(app, { ...env, VAXELIA_API_KEY: '' }, []);
    expect(text.stdout).toMatch(/ERROR config.apiKey: VAXELIA_API_KEY is not set\n\s+fix: /);
    expect(text.code).toBe(1);
  }, 120_000);
});
