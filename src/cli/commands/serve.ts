import { resolve } from 'node:path';
import { startServer } from '../../server/start-server.js';
import { DEFAULT_PORT, ENV_INGEST_KEY, ENV_READ_KEY } from '../../server/server-options.js';
import { isLoopbackHost } from '../../delivery/tenant-url.js';
import { parseCommandArgs, UsageError, writeLine } from '../cli-args.js';
import type { CliCommand } from '../cli-io.js';

const HELP = `Usage: vaxelia-otel serve [--port 8787] [--db ./decision-log.sqlite] [--ingest-key-env <NAME> --read-key-env <NAME>]

Runs the reference decision-log server: the endpoint the processor's tenantApiUrl points at, storing
every decision in SQLite (node:sqlite, WAL) and checking each hash chain as records arrive.

  POST /v1/decisions        one AIDecision per request (ingest key; de-duplicated on Idempotency-Key)
  GET  /v1/decisions        filter (aiSystemId, model, provider, status, operation, from, to, chainId,
                            humanReview, redaction, traceId), sort, limit, cursor; ?format=jsonl
  GET  /v1/decisions/{id}   one decision with its chain checks and links
  GET  /v1/export           the filtered selection as JSON Lines or an evidence pack
                            (?format=evidence) that \`vaxelia-otel verify\` accepts
  GET  /v1/chains           per chain: count, head, gaps, problems, signature and seal status
  GET  /report              the auditor's workbench (a browser asks for a password: the read key)
  GET  /openapi.json        OpenAPI 3.1 description, no auth
  GET  /healthz             says "ok", no auth

Two credentials: the ingest key may only POST decisions (the exporters' VAXELIA_API_KEY), the read
key may only read (auditors, the report). Set both, or neither for an open server on loopback.

Options:
  --port <n>            TCP port, 0 for any free one (default ${DEFAULT_PORT})
  --host <addr>         interface (default 127.0.0.1; set an API key before exposing it)
  --db <file>           SQLite database, created if missing (default ./decision-log.sqlite)
  --ingest-key-env <NAME>  environment variable holding the ingest key
                           (default: VAXELIA_SERVER_INGEST_KEY)
  --read-key-env <NAME>    environment variable holding the read key
                           (default: VAXELIA_SERVER_READ_KEY)
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
        'ingest-key-env': { type: 'string' },
        'read-key-env': { type: 'string' },
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
    if (values['api-key'] !== undefined || values['api-key-env'] !== undefined) {
      throw new UsageError('--api-key is gone: the server takes two keys, --ingest-key-env <NAME> and --read-key-env <NAME>');
    }
    const keyFrom = (flag: string, fallback: string): string | undefined => {
      const name = (values[flag] as string | undefined) ?? fallback;
      const value = io.env[name];
      if (value === undefined || value === '') {
        if (values[flag] !== undefined) throw new UsageError(`environment variable ${name} (--${flag}) is not set`);
        return undefined;
      }
      return value;
    };
    const ingestKey = keyFrom('ingest-key-env', ENV_INGEST_KEY);
    const readKey = keyFrom('read-key-env', ENV_READ_KEY);
    if ((ingestKey === undefined) !== (readKey === undefined)) {
      throw new UsageError(`set both keys (--ingest-key-env and --read-key-env, or ${ENV_INGEST_KEY} and ${ENV_READ_KEY}), or neither`);
    }
    if (ingestKey !== undefined && ingestKey === readKey) throw new UsageError('the ingest key and the read key must differ');
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    const dbPath = resolve(io.cwd, (values.db as string | undefined) ?? './decision-log.sqlite');

    const server = await startServer({
      port,
      host,
      dbPath,
      ...(ingestKey === undefined ? {} : { ingestKey, readKey }),
      ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
      log: (line) => writeLine(io.stderr, `vaxelia-otel serve: ${line}`),
    });
    writeLine(io.stdout, `vaxelia-otel serve listening on ${server.url}`);
    writeLine(io.stdout, `  POST ${server.url}/v1/decisions   (set tenantApiUrl / VAXELIA_TENANT_API_URL to this)`);
    writeLine(io.stdout, `  report: ${server.url}/report`);
    writeLine(io.stdout, `  database: ${dbPath} (${server.db.count().toLocaleString('en-US')} decisions)`);
    // Says whether a key is set, never the key.
    writeLine(
      io.stdout,
      `  auth: ${ingestKey === undefined ? 'none (anyone who can reach the port can read and write)' : 'ingest key to write, read key to read'}`,
    );
    if (ingestKey === undefined && !isLoopbackHost(host)) {
      writeLine(io.stderr, `vaxelia-otel serve: WARNING: listening on ${host} without keys`);
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
