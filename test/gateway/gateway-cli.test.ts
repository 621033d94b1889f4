import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForChild } from '../support/bundle.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/chain/verify/verify-chain.js';
import type { AIDecision } from '../../src/decision.js';
import { DecisionEndpoint } from '../delivery/support/decision-endpoint.js';
import { loadFixture } from '../support/fixtures.js';
import { exportLogs, exportSpans } from './support/otlp-clients.js';
import { post } from './support/raw-http.js';

// The real binary, bundled as in test/cli, run with a pinned environment.
let work: string;
let cli: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'vaxelia-gateway-cli-'));
  cli = join(work, 'cli.mjs');
  bundleForChild('src/cli/main.ts', cli);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [cli, 'gateway', ...args], { cwd: work, env: { PATH: process.env.PATH ?? '', LANG: 'C', ...env } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c) => {
      stdout += c;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

describe('vaxelia-otel gateway', () => {
  it('--help lists the flags', () => {
    const out = execFileSync(process.execPath, [cli, 'gateway', '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    for (const flag of ['--port', '--host', '--auth-token-env', '--max-body-bytes', '--log-wait-ms']) expect(out).toContain(flag);
  });

  it('serves with VAXELIA_* configuration and a bearer token; SIGTERM finishes, flushes and exits 0', async () => {
    const endpoint = await new DecisionEndpoint().start();
    const gateway = start(['--port', '0', '--auth-token-env', 'GW_TOKEN', '--log-wait-ms', '1000'], {
      GW_TOKEN: 'cli-token-91b2',
      VAXELIA_TENANT_API_URL: endpoint.url,
      VAXELIA_API_KEY: 'cli-api-key',
      VAXELIA_BUFFER_KEY: randomBytes(32).toString('base64'),
      VAXELIA_BUFFER_DIR: join(work, 'buffer'),
      VAXELIA_AI_SYSTEM_ID: 'cli-gateway',
    });
    try {
      const url = await gateway.url;
      const auth = { authorization: 'Bearer cli-token-91b2' };
      expect((await post(`${url}/v1/traces`, Buffer.from('{}'), { 'content-type': 'application/json' })).status).toBe(401);
      const fixture = loadFixture('otel-contrib-openai/chat.json');
      expect((await exportLogs(url, fixture.logs, auth)).code).toBe(0);
      expect((await exportSpans(url, fixture.spans, 'protobuf', auth)).code).toBe(0);
      expect((await exportSpans(url, loadFixture('vercel-ai-v6/generate_text.json').spans, 'json', auth)).code).toBe(0);
      gateway.child.kill('SIGTERM');
      expect(await gateway.exited).toBe(0);
      expect(gateway.output().stdout).toContain('stopped');
      const records = endpoint.requests.map((r) => JSON.parse(r.body) as AIDecision);
      const decisions = records.filter((d) => d.operation !== 'checkpoint');
      expect(decisions.length).toBeGreaterThanOrEqual(2);
      expect(decisions.every((d) => d.aiSystemId === 'cli-gateway')).toBe(true);
      expect(JSON.stringify(decisions)).not.toContain('jane.doe@example.com');
      expect(verifyChain(records).ok).toBe(true);
    } finally {
      gateway.child.kill('SIGKILL');
      await endpoint.stop();
    }
  });

  it('a usage error exits 2', async () => {
    const bad = start(['--port', 'abc'], {});
    await expect(bad.url).rejects.toThrow(/exited 2/);
  });
});
