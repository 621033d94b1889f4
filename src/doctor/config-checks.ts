import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { error, type Finding, ok, warn } from './finding.js';

/** Configuration and keys, from the environment the app runs with. Values of secrets are never printed. */
export function checkConfiguration(env: NodeJS.ProcessEnv): Finding[] {
  const findings: Finding[] = [];
  const url = env.VAXELIA_TENANT_API_URL;
  if (!url) findings.push(error('config.tenantApiUrl', 'VAXELIA_TENANT_API_URL is not set', 'set VAXELIA_TENANT_API_URL to your decision-log POST URL'));
  else {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      findings.push(error('config.tenantApiUrl', 'VAXELIA_TENANT_API_URL is not a URL', 'set a full https:// URL'));
    }
    if (parsed) {
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
      if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback)) findings.push(ok('config.tenantApiUrl', `decision-log endpoint ${parsed.origin}${parsed.pathname}`));
      else findings.push(error('config.tenantApiUrl', `VAXELIA_TENANT_API_URL uses ${parsed.protocol} on a non-loopback host`, 'use https (http is only allowed on loopback, or with allowInsecureHttp)'));
    }
  }
  if (!env.VAXELIA_API_KEY) findings.push(error('config.apiKey', 'VAXELIA_API_KEY is not set', 'set VAXELIA_API_KEY to the bearer token of your decision-log endpoint'));
  else findings.push(ok('config.apiKey', 'VAXELIA_API_KEY is set'));
  const bufferKey = env.VAXELIA_BUFFER_KEY;
  if (!bufferKey) findings.push(error('config.bufferKey', 'VAXELIA_BUFFER_KEY is not set: the processor refuses to start (MissingBufferKeyError)', 'generate one with `npx vaxelia-otel keygen` and set VAXELIA_BUFFER_KEY'));
  else if (Buffer.from(bufferKey, 'base64').length !== 32) findings.push(error('config.bufferKey', 'VAXELIA_BUFFER_KEY is not 32 bytes of base64 (InvalidBufferKeyError)', 'generate one with `npx vaxelia-otel keygen`'));
  else findings.push(ok('config.bufferKey', 'VAXELIA_BUFFER_KEY is a 32-byte key'));
  if (!env.VAXELIA_AI_SYSTEM_ID) findings.push(warn('config.aiSystemId', 'VAXELIA_AI_SYSTEM_ID is not set: decisions name the service instead', 'set VAXELIA_AI_SYSTEM_ID (or the aiSystemId option) to the registered AI system id'));
  return findings;
}

/** The buffer directory: it must be writable, or decisions cannot be queued when the endpoint is down. */
export function checkBufferDir(env: NodeJS.ProcessEnv): Finding {
  const dir = env.VAXELIA_BUFFER_DIR ?? join(tmpdir(), 'vaxelia-ai-buffer');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const probe = join(dir, `.doctor-${randomBytes(6).toString('hex')}`);
    writeFileSync(probe, '', { mode: 0o600 });
    rmSync(probe);
    const entries = readdirSync(dir).filter((name) => !name.startsWith('.doctor-'));
    return ok('buffer.dir', `buffer directory ${dir} is writable (${entries.length} entries)`);
  } catch (cause) {
    return error('buffer.dir', `buffer directory ${dir} is not writable (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, 'set VAXELIA_BUFFER_DIR to a directory the app can write, mode 0700');
  }
}

/**
 * The endpoint accepts the key, without writing a decision: an empty body is not a decision, so a
 * decision-log server checks the key first (401/403) and then refuses the body (400/422).
 */
export async function checkEndpoint(env: NodeJS.ProcessEnv, timeoutMs = 5_000): Promise<Finding | undefined> {
  const url = env.VAXELIA_TENANT_API_URL;
  if (!url || !env.VAXELIA_API_KEY) return undefined;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${env.VAXELIA_API_KEY}` },
      body: '',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
  } catch (cause) {
    return error('endpoint.reachable', `the decision-log endpoint is not reachable (${(cause as Error).name})`, 'check VAXELIA_TENANT_API_URL, DNS, proxy and firewall');
  }
  if (response.status === 401 || response.status === 403) return error('endpoint.apiKey', `the endpoint refuses the API key (HTTP ${response.status})`, 'set VAXELIA_API_KEY to a key the endpoint accepts');
  if (response.status === 404 || response.status === 405) return error('endpoint.url', `the endpoint answers HTTP ${response.status}: not a decision-log POST URL`, 'set VAXELIA_TENANT_API_URL to the full decision-log POST URL');
  if (response.status >= 500) return warn('endpoint.reachable', `the endpoint answers HTTP ${response.status}`, 'decisions queue encrypted until it recovers; check the endpoint');
  return ok('endpoint.apiKey', `the endpoint is reachable and accepts the API key (an empty probe was answered HTTP ${response.status}; nothing was recorded)`);
}
