import { ENV } from '../../config/env.js';
import { createDeliveryService } from '../../delivery/delivery-service.js';
import { redriveDeadLetters } from '../../queue/dead-letter-redrive.js';
import { createEncryptedQueue, type EncryptedQueue, type QueueStatus } from '../../queue/encrypted-queue.js';
import { PREVIOUS_BUFFER_KEYS_ENV } from '../../queue/buffer-key.js';
import { parseCommandArgs, UsageError, writeLine } from '../cli-args.js';
import type { CliCommand, CliIO } from '../cli-io.js';
import { didYouMean } from '../closest-name.js';

const HELP = `Usage: vaxelia-otel buffer <status|drain|purge|redrive> [options]

Inspects and maintains the encrypted decision queue (VAXELIA_BUFFER_DIR, key VAXELIA_BUFFER_KEY;
VAXELIA_BUFFER_PREVIOUS_KEYS for entries written before a key rotation). Never prints content.

  status                       counts, oldest age and sizes of queued, dead-lettered and quarantined entries
  drain                        delivers queued decisions to --endpoint, else VAXELIA_TENANT_API_URL
                               (bearer VAXELIA_API_KEY); exits 1 when some remain
  purge --older-than <dur>     removes queued decisions older than <dur> (e.g. 7d, 12h, 30m, 90s)
  redrive [--status <codes>]   after a fix, puts dead-lettered decisions back into the queue, byte for
                               byte (the hash chain is untouched); --status 400,422 picks some; then
                               \`buffer drain\` (or the running application) delivers them

  --dir <path>            buffer directory (default: VAXELIA_BUFFER_DIR, else <tmpdir>/vaxelia-ai-buffer)
  --endpoint <url>        drain: decision-log POST URL (default: VAXELIA_TENANT_API_URL)
  --allow-insecure-http   drain: accept a plain-http non-loopback URL
  --json                  machine-readable output
  -h, --help              show this help

Segments held by another running process are counted but never touched.
`;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `7d`, `12h`, `30m`, `90s`, `500ms` (a bare number is seconds). */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)?$/.exec(text.trim());
  if (!match) throw new UsageError(`invalid duration '${text}' (examples: 7d, 12h, 30m, 90s)`);
  return Math.round(Number(match[1]) * UNITS[match[2] ?? 's']!);
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(0)}s`;
  if (s < 7200) return `${(s / 60).toFixed(0)}m`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)}h`;
  return `${(s / 86_400).toFixed(1)}d`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1_048_576) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}

function envValue(io: CliIO, name: string): string | undefined {
  const value = io.env[name]?.trim();
  return value === '' ? undefined : value;
}

function openQueue(io: CliIO, dir: string | undefined): EncryptedQueue {
  return createEncryptedQueue({ bufferDir: dir, env: io.env, logger: () => {} });
}

function printStatus(io: CliIO, status: QueueStatus, json: boolean): void {
  if (json) {
    writeLine(io.stdout, JSON.stringify(status));
    return;
  }
  writeLine(io.stdout, `buffer directory:  ${status.bufferDir}`);
  writeLine(io.stdout, `queued:            ${status.pending} decision(s), ${formatBytes(status.pendingBytes)} in ${status.segments} segment(s)`);
  writeLine(io.stdout, `oldest queued:     ${formatDuration(status.oldestPendingAgeMs)}`);
  if (status.liveOwnerSegments > 0) writeLine(io.stdout, `held by running processes: ${status.liveOwnerSegments} segment(s)`);
  writeLine(io.stdout, `dead-lettered:     ${status.deadLettered} (${formatBytes(status.deadLetterBytes)})`);
  writeLine(io.stdout, `quarantined:       ${status.quarantined} (${formatBytes(status.quarantineBytes)})`);
  if (status.foreignKeySegments > 0) {
    writeLine(
      io.stdout,
      `unreadable:        ${status.foreignKeySegments} segment(s) written with another key (set VAXELIA_BUFFER_KEY or VAXELIA_BUFFER_PREVIOUS_KEYS)`,
    );
  }
}

export const bufferCommand: CliCommand = {
  name: 'buffer',
  summary: 'status, drain, purge or redrive the encrypted decision queue',
  async run(args, io) {
    const parsed = parseCommandArgs(
      args,
      {
        dir: { type: 'string' },
        endpoint: { type: 'string' },
        'older-than': { type: 'string' },
        'allow-insecure-http': { type: 'boolean' },
        json: { type: 'boolean' },
        status: { type: 'string' },
      },
      HELP,
      io,
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    const [action, extra] = positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    const dir = values.dir as string | undefined;
    const json = values.json === true;
    if (action === 'status') {
      const queue = openQueue(io, dir);
      printStatus(io, await queue.status(), json);
      return 0;
    }
    if (action === 'purge') {
      const olderThan = values['older-than'];
      if (typeof olderThan !== 'string') throw new UsageError('purge needs --older-than <duration>');
      const olderThanMs = parseDuration(olderThan);
      const queue = openQueue(io, dir);
      try {
        const result = await queue.purge(olderThanMs);
        const status = await queue.status();
        if (json) writeLine(io.stdout, JSON.stringify({ ...result, remaining: status.pending }));
        else {
          writeLine(
            io.stdout,
            `purged ${result.purged} decision(s) older than ${formatDuration(olderThanMs)}` +
              (result.oldestAgeMs === undefined ? '' : ` (oldest ${formatDuration(result.oldestAgeMs)})`) +
              `; ${status.pending} remain`,
          );
        }
      } finally {
        await queue.close();
      }
      return 0;
    }
    if (action === 'drain') return drain(io, dir, values.endpoint as string | undefined, values['allow-insecure-http'] === true, json);
    if (action === 'redrive') return redrive(io, dir, values.status as string | undefined, json);
    throw new UsageError(
      action === undefined
        ? 'missing action: status, drain, purge or redrive'
        : `unknown action '${action}'${didYouMean(action, ['status', 'drain', 'purge', 'redrive'])}`,
    );
  },
};

async function drain(io: CliIO, dir: string | undefined, endpoint: string | undefined, allowInsecureHttp: boolean, json: boolean): Promise<number> {
  const service = createDeliveryService({
    tenantApiUrl: endpoint ?? envValue(io, ENV.tenantApiUrl),
    apiKey: envValue(io, ENV.apiKey),
    bufferKey: envValue(io, ENV.bufferKey),
    previousKeys: envValue(io, PREVIOUS_BUFFER_KEYS_ENV)?.split(',').filter((k) => k.trim() !== ''),
    bufferDir: dir ?? envValue(io, ENV.bufferDir),
    allowInsecureHttp,
    drainOnStart: false,
    maxAttempts: 1,
    // Why decisions remain (a wrong key, a URL path, a proxy) is said, not only how many.
    logger: (level, message, fields) => {
      if (level !== 'error' && level !== 'warn') return;
      const detail = Object.entries(fields ?? {})
        .filter(([key, value]) => key !== 'condition' && value !== undefined)
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join(', ');
      writeLine(io.stderr, `${level.toUpperCase()} ${message}${detail ? ` (${detail})` : ''}`);
    },
  });
  const progress = io.stderr.isTTY === true && !json;
  let ticker: NodeJS.Timeout | undefined;
  if (progress) {
    ticker = setInterval(() => {
      io.stderr.write(`\rdraining: ${service.queue.depth()} remaining   `);
    }, 250);
  }
  let result: { sent: number; remaining: number };
  try {
    result = await service.flushBuffer();
  } finally {
    if (ticker) clearInterval(ticker);
    if (progress) io.stderr.write('\r\x1b[K');
    await service.shutdown();
  }
  const keyError = service.queue.keyError();
  if (json) writeLine(io.stdout, JSON.stringify({ ...result, keyError: keyError?.message }));
  else {
    writeLine(io.stdout, `delivered ${result.sent} decision(s); ${result.remaining} remain queued`);
    if (keyError) writeLine(io.stderr, keyError.message);
  }
  return result.remaining > 0 || keyError ? 1 : 0;
}

async function redrive(io: CliIO, dir: string | undefined, statusList: string | undefined, json: boolean): Promise<number> {
  const statuses = statusList?.split(',').map((code) => {
    const n = Number(code.trim());
    if (!Number.isInteger(n) || n < 100 || n > 599) throw new UsageError(`invalid --status '${code}' (HTTP codes, comma-separated)`);
    return n;
  });
  const queue = openQueue(io, dir);
  try {
    const result = await redriveDeadLetters(queue, { statuses });
    const status = await queue.status();
    if (json) writeLine(io.stdout, JSON.stringify({ ...result, queued: status.pending, deadLettered: status.deadLettered }));
    else {
      writeLine(
        io.stdout,
        `redriven ${result.redriven} decision(s) into the queue (${status.pending} queued now; ${status.deadLettered} still dead-lettered` +
          (result.skipped > 0 ? `, ${result.skipped} of another status` : '') +
          (result.unreadable > 0 ? `, ${result.unreadable} unreadable with the given keys` : '') +
          ')',
      );
      if (result.redriven > 0) writeLine(io.stdout, 'run `vaxelia-otel buffer drain` (or start the application) to deliver them');
    }
    return result.unreadable > 0 ? 1 : 0;
  } finally {
    await queue.close();
  }
}
