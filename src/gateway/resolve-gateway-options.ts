import { readEnv, resolveOption } from '../config/env.js';
import { ConfigError } from '../errors.js';
import { isLoopbackHost } from '../delivery/tenant-url.js';
import type { GatewayOptions, ResolvedGatewayOptions } from './gateway-options.js';

export const GATEWAY_ENV = {
  port: 'VAXELIA_GATEWAY_PORT',
  host: 'VAXELIA_GATEWAY_HOST',
  authToken: 'VAXELIA_GATEWAY_AUTH_TOKEN',
} as const;

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigError(`${GATEWAY_ENV.port} must be a port number (0-65535).`);
  return port;
}

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) throw new ConfigError(`Option \`${name}\` must be a ${allowZero ? 'non-negative' : 'positive'} number.`);
  return v;
}

/** `option ?? env ?? default` for the receiver's options (the pipeline resolves its own). */
export function resolveGatewayOptions(options: GatewayOptions): ResolvedGatewayOptions {
  const port = resolveOption(options.port, GATEWAY_ENV.port, parsePort, 4318);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigError('Option `port` must be a port number (0-65535).');
  const authToken = options.authToken ?? readEnv(GATEWAY_ENV.authToken);
  if (authToken !== undefined && authToken.trim().length === 0) throw new ConfigError('Option `authToken` (VAXELIA_GATEWAY_AUTH_TOKEN) must not be empty.');
  const host = resolveOption(options.host, GATEWAY_ENV.host, String, '127.0.0.1');
  // Anyone who can reach an open gateway gets forged spans chained and signed: a non-loopback
  // address needs a token, or the operator's explicit word that something else guards it.
  if (authToken === undefined && !isLoopbackHost(host) && options.allowUnauthenticated !== true) {
    throw new ConfigError(
      `The gateway would listen on ${host} (not loopback) without authentication: set VAXELIA_GATEWAY_AUTH_TOKEN (option \`authToken\`), ` +
        'or pass --allow-unauthenticated (option `allowUnauthenticated: true`) when a proxy or network policy authenticates callers.',
    );
  }
  return {
    port,
    host,
    authToken,
    allowUnauthenticated: options.allowUnauthenticated === true,
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, 16 * 1024 * 1024),
    maxItemsPerRequest: positive('maxItemsPerRequest', options.maxItemsPerRequest, 100_000),
    maxInflightRequests: positive('maxInflightRequests', options.maxInflightRequests, 32),
    maxInflightBytes: positive('maxInflightBytes', options.maxInflightBytes, 64 * 1024 * 1024),
    maxQueueDepth: positive('maxQueueDepth', options.maxQueueDepth, 100_000),
    logWaitMs: positive('logWaitMs', options.logWaitMs, 2000, true),
    maxLogWaitingSpans: positive('maxLogWaitingSpans', options.maxLogWaitingSpans, 10_000, true),
    logKeepMs: positive('logKeepMs', options.logKeepMs, 300_000),
    maxRecentDecisionIds: positive('maxRecentDecisionIds', options.maxRecentDecisionIds, 100_000, true),
    retryAfterSeconds: positive('retryAfterSeconds', options.retryAfterSeconds, 5),
  };
}
