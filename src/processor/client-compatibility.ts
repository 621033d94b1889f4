import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '../core/logger.js';

/**
 * Instrumentation / client pairs known to record nothing: the instrumentation patches only older
 * majors of the client, so a new app (`npm i openai` → 7.x) gets no span and no decision, silently.
 */
interface KnownLimit {
  instrumentation: string;
  /** Instrumentation versions with the limit (the highest known one; newer ones are not judged). */
  upToVersion: string;
  client: string;
  /** Client majors the instrumentation patches. */
  supportsMajor: (major: number) => boolean;
  supported: string;
}

const KNOWN_LIMITS: readonly KnownLimit[] = [
  { instrumentation: '@opentelemetry/instrumentation-openai', upToVersion: '0.22.0', client: 'openai', supportsMajor: (major) => major >= 4 && major < 7, supported: '>=4.19.0 <7' },
];

export interface CompatibilityFinding {
  instrumentation: string;
  instrumentationVersion: string;
  client: string;
  clientVersion: string;
  message: string;
}

/** The installed version of a package seen from `fromDir` (Node's lookup, by hand: some packages do not export package.json). */
export function installedVersion(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) {
      try {
        const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
        return typeof version === 'string' ? version : undefined;
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Installed instrumentation / client pairs that will record nothing. */
export function findIncompatibleClients(fromDir: string): CompatibilityFinding[] {
  const findings: CompatibilityFinding[] = [];
  for (const limit of KNOWN_LIMITS) {
    const instrumentationVersion = installedVersion(limit.instrumentation, fromDir);
    const clientVersion = installedVersion(limit.client, fromDir);
    if (!instrumentationVersion || !clientVersion || compareVersions(instrumentationVersion, limit.upToVersion) > 0) continue;
    const major = Number(clientVersion.split('.')[0]);
    if (!Number.isFinite(major) || limit.supportsMajor(major)) continue;
    findings.push({
      instrumentation: limit.instrumentation,
      instrumentationVersion,
      client: limit.client,
      clientVersion,
      message: `${limit.instrumentation} ${instrumentationVersion} patches ${limit.client} ${limit.supported} only; ${limit.client} ${clientVersion} is installed, so its calls make no span and no decision. Install ${limit.client} within ${limit.supported}, or an instrumentation that supports ${limit.client} ${major} (e.g. @arizeai/openinference-instrumentation-openai 4.x).`,
    });
  }
  return findings;
}

let warned = false;

/** Once per process, off the caller's stack: WARN about pairs that record nothing. */
export function warnIncompatibleClientsOnce(logger: Logger, fromDir = process.cwd()): void {
  if (warned) return;
  warned = true;
  setImmediate(() => {
    try {
      for (const finding of findIncompatibleClients(fromDir)) logger('warn', finding.message, { instrumentation: finding.instrumentation, client: finding.client });
    } catch {
      // a check, never a failure
    }
  });
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map(Number);
  const pb = b.split(/[.+-]/).map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (Number.isFinite(diff) && diff !== 0) return diff;
  }
  return 0;
}
