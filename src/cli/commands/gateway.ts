import { startGateway } from '../../gateway/index.js';
import type { GatewayOptions } from '../../gateway/gateway-options.js';
import { parseCommandArgs, UsageError, writeLine } from '../cli-args.js';
import type { CliCommand, CliIO } from '../cli-io.js';
import { inCliWords } from '../cli-wording.js';

const HELP = `Usage: vaxelia-otel gateway [options]

Receives OTLP/HTTP from an OpenTelemetry Collector (POST /v1/traces and /v1/logs; protobuf or JSON,
gzip) and records every AI span as a redacted, hash-chained decision delivered to the decision-log
endpoint (--endpoint, else VAXELIA_TENANT_API_URL) through the encrypted queue — the same pipeline as the in-process processor.
A request is acknowledged once its decisions are durably queued. GET /healthz, GET /readyz.

  --endpoint <url>          decision-log POST URL (default: VAXELIA_TENANT_API_URL)
  --port <n>                listen port (default: VAXELIA_GATEWAY_PORT, else 4318)
  --host <addr>             bind address (default: VAXELIA_GATEWAY_HOST, else 127.0.0.1)
  --auth-token-env <NAME>   require "Authorization: Bearer <token>", the token read from env NAME
                            (default: VAXELIA_GATEWAY_AUTH_TOKEN when set, else no authentication)
  --max-body-bytes <n>      largest request body, compressed and decompressed (default 16777216)
  --max-inflight <n>        export requests processed at once; beyond, 429 (default 32)
  --max-queue-depth <n>     queued decisions at which trace requests get 503 (default 100000)
  --log-wait-ms <n>         how long spans wait for content sent as log records (default 2000)
  --allow-insecure-http     accept a plain-http, non-loopback decision-log URL
  --allow-unauthenticated   listen on a non-loopback --host without an auth token (only when a proxy
                            or network policy authenticates callers; refused otherwise)
  -h, --help                show this help

Pipeline configuration comes from the environment: VAXELIA_TENANT_API_URL, VAXELIA_API_KEY,
VAXELIA_BUFFER_KEY, VAXELIA_BUFFER_DIR, VAXELIA_AI_SYSTEM_ID, VAXELIA_SIGNING_KEY,
VAXELIA_REDACTION_KEY. SIGTERM or SIGINT: stop accepting, finish in-flight requests, flush, exit 0.
`;

function envValue(io: CliIO, name: string): string | undefined {
  const value = io.env[name]?.trim();
  return value === '' ? undefined : value;
}

function integer(flag: string, raw: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be an integer between ${min} and ${max}`);
  return n;
}

/** The gateway's options from flags and `io.env` (never `process.env`: tests pin the environment). */
export function gatewayOptionsFrom(values: Record<string, unknown>, io: CliIO): GatewayOptions {
  let authToken: string | undefined;
  if (values['auth-token-env'] !== undefined) {
    const name = String(values['auth-token-env']);
    authToken = envValue(io, name);
    if (authToken === undefined) throw new UsageError(`--auth-token-env: environment variable ${name} is not set`);
  } else {
    // Set but empty is a configuration error, never "no authentication".
    if (io.env.VAXELIA_GATEWAY_AUTH_TOKEN !== undefined && io.env.VAXELIA_GATEWAY_AUTH_TOKEN.trim() === '') {
      throw new UsageError('VAXELIA_GATEWAY_AUTH_TOKEN is set but empty: set a token, or unset it');
    }
    authToken = envValue(io, 'VAXELIA_GATEWAY_AUTH_TOKEN');
  }
  const portEnv = envValue(io, 'VAXELIA_GATEWAY_PORT');
  return {
    port: integer('--port', values.port ?? portEnv, 0, 65_535) ?? 4318,
    host: (values.host as string | undefined) ?? envValue(io, 'VAXELIA_GATEWAY_HOST') ?? '127.0.0.1',
    authToken,
    maxBodyBytes: integer('--max-body-bytes', values['max-body-bytes'], 1024),
    maxInflightRequests: integer('--max-inflight', values['max-inflight'], 1),
    maxQueueDepth: integer('--max-queue-depth', values['max-queue-depth'], 1),
    logWaitMs: integer('--log-wait-ms', values['log-wait-ms'], 0, 60_000),
    allowInsecureHttp: values['allow-insecure-http'] === true ? true : undefined,
    allowUnauthenticated: values['allow-unauthenticated'] === true ? true : undefined,
    tenantApiUrl: (values.endpoint as string | undefined) ?? envValue(io, 'VAXELIA_TENANT_API_URL'),
    apiKey: envValue(io, 'VAXELIA_API_KEY'),
    bufferKey: envValue(io, 'VAXELIA_BUFFER_KEY'),
    bufferDir: envValue(io, 'VAXELIA_BUFFER_DIR'),
    aiSystemId: envValue(io, 'VAXELIA_AI_SYSTEM_ID'),
    signingKey: envValue(io, 'VAXELIA_SIGNING_KEY'),
    redactionKey: envValue(io, 'VAXELIA_REDACTION_KEY'),
    logger: (level, message, fields) => {
      if (level === 'debug') return;
      writeLine(io.stderr, JSON.stringify({ level, msg: inCliWords(message), ...fields }));
    },
  };
}

export const gatewayCommand: CliCommand = {
  name: 'gateway',
  summary: 'OTLP/HTTP receiver for an OpenTelemetry Collector: records AI spans from any language',
  async run(args, io) {
    const parsed = parseCommandArgs(
      args,
      {
        endpoint: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'auth-token-env': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'max-inflight': { type: 'string' },
        'max-queue-depth': { type: 'string' },
        'log-wait-ms': { type: 'string' },
        'allow-insecure-http': { type: 'boolean' },
        'allow-unauthenticated': { type: 'boolean' },
      },
      HELP,
      io,
    );
    if (!parsed) return 0;
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
    const gateway = await startGateway(gatewayOptionsFrom(parsed.values, io));
    writeLine(io.stdout, `vaxelia-otel gateway listening on ${gateway.url} (POST /v1/traces, /v1/logs)`);
    // A server command waits for a termination signal: the one place it touches `process`.
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      const stop = (name: NodeJS.Signals) => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        resolve(name);
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
    writeLine(io.stdout, `vaxelia-otel gateway: ${signal}, finishing in-flight requests and flushing`);
    await gateway.close();
    writeLine(io.stdout, 'vaxelia-otel gateway: stopped');
    return 0;
  },
};
