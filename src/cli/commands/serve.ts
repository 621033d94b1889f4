import { resolve } from 'node:path';
import { startServer } from '../../server/start-server.js';
import { DEFAULT_PORT } from '../../server/server-options.js';
import { isLoopbackHost } from '../../delivery/tenant-url.js';
import { parseCommandArgs, UsageError, writeLine } from '../cli-args.js';
import type { CliCommand } from '../cli-io.js';

const HELP = `Usage: vaxelia-otel serve [--port 8787] [--db ./decision-log.sqlite] [--api-key <key> | --api-key-env <NAME>]

Runs the reference decision-log server: the endpoint the processor's tenantApiUrl points at, storing
every decision in SQLite (node:sqlite, WAL) and checking each hash chain as records arrive.

  POST /v1/decisions   one AIDecision per request (bearer auth, de-duplicated on Idempotency-Key)
  GET  /v1/decisions   query (from, to, chainId, model, status, cursor); ?format=jsonl exports for
                       \`vaxelia-otel verify\`
  GET  /v1/chains      per chain: count, head, gaps, problems, last checkpoint
  GET  /report         the HTML evidence report (a browser asks for a password: the API key)
  GET  /healthz        liveness, no auth

Options:
  --port <n>            TCP port, 0 for any free one (default ${DEFAULT_PORT})
  --host <addr>         interface (default 127.0.0.1; set an API key before exposing it)
  --db <file>           SQLite database, created if missing (default ./decision-log.sqlite)
  --api-key <key>       bearer token clients must send (visible in the process list: prefer
                        --api-key-env)
  --api-key-env <NAME>  read the bearer token from this environment variable
  --max-body-bytes <n>  largest accepted POST body (default 1048576)
  -h, --help            show this help

SIGTERM or SIGINT: stop accepting, finish in-flight requests, commit, close the database, exit 0.
`;

function positiveInt(value: unknown, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} must be an integer >= ${min}`);
  return n;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the reference decision-log server (SQLite) with its evidence report',
  async run(args, io) {
    const parsed = parseCommandArgs(
      args,
      {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        'api-key': { type: 'string' },
        'api-key-env': { type: 'string' },
        'max-body-bytes': { type: 'string' },
      },
      HELP,
      io,
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const port = positiveInt(values.port, '--port', 0) ?? DEFAULT_PORT;
    if (port > 65535) throw new UsageError('--port must be at most 65535');
    const maxBodyBytes = positiveInt(values['max-body-bytes'], '--max-body-bytes', 1);
    if (values['api-key'] !== undefined && values['api-key-env'] !== undefined) {
      throw new UsageError('use --api-key or --api-key-env, not both');
    }
    let apiKey = values['api-key'] as string | undefined;
    if (values['api-key-env'] !== undefined) {
      const name = String(values['api-key-env']);
      apiKey = io.env[name];
      if (apiKey === undefined || apiKey === '') throw new UsageError(`environment variable ${name} is not set`);
    }
    if (apiKey === '') throw new UsageError('--api-key must not be empty');
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    const dbPath = resolve(io.cwd, (values.db as string | undefined) ?? './decision-log.sqlite');

    const server = await startServer({
      port,
      host,
      dbPath,
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
      log: (line) => writeLine(io.stderr, `vaxelia-otel serve: ${line}`),
    });
    writeLine(io.stdout, `vaxelia-otel serve listening on ${server.url}`);
    writeLine(io.stdout, `  POST ${server.url}/v1/decisions   (set tenantApiUrl / VAXELIA_TENANT_API_URL to this)`);
    writeLine(io.stdout, `  report: ${server.url}/report`);
    writeLine(io.stdout, `  database: ${dbPath} (${server.db.count().toLocaleString('en-US')} decisions)`);
    // Says whether a key is set, never the key.
    writeLine(io.stdout, `  auth: ${apiKey === undefined ? 'none (anyone who can reach the port can read and write)' : 'bearer API key required'}`);
    if (apiKey === undefined && !isLoopbackHost(host)) {
      writeLine(io.stderr, `vaxelia-otel serve: WARNING: listening on ${host} without an API key`);
    }
    // A server command waits for a termination signal: the one place it touches `process`.
    const signal = await new Promise<NodeJS.Signals>((resolveSignal) => {
      const stop = (s: NodeJS.Signals) => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        resolveSignal(s);
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
    writeLine(io.stdout, `vaxelia-otel serve: ${signal}, finishing in-flight requests`);
    await server.close();
    writeLine(io.stdout, 'vaxelia-otel serve: stopped');
    return 0;
  },
};
