import { ConfigError } from '../errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '::1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost')) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Validates the decision-log URL: https, or http for a loopback host, or http anywhere when
 * `allowInsecureHttp` is set. Errors name the option and env var, never the URL (it may carry a token).
 */
export function parseTenantApiUrl(value: string, allowInsecureHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('`tenantApiUrl` / VAXELIA_TENANT_API_URL is not a valid URL.');
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol !== 'http:') {
    throw new ConfigError('`tenantApiUrl` / VAXELIA_TENANT_API_URL must use https.');
  }
  if (!allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(
      '`tenantApiUrl` / VAXELIA_TENANT_API_URL must use https (plain http is accepted only for loopback ' +
        'hosts unless `allowInsecureHttp` is set).',
    );
  }
  return url;
}
