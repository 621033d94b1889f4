import { diag, metrics } from '@opentelemetry/api';
import { ConfigError } from '../errors.js';
import { createStderrErrorReporter, type StderrErrorReporter } from './stderr-error-reporter.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Where the library reports. Fields carry counts, ids, status codes, ages and hints — never
 * decision content and never a secret. An ERROR may carry `condition` (a short stable name such
 * as `endpoint-configuration`): errors are counted and rate-limited per condition (the message
 * when there is none). The default forwards to OpenTelemetry's `diag`, and to stderr while no diag
 * logger is installed.
 */
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

/** How the library reports; part of every component's options. */
export interface ReportingOptions {
  /** Receives the library's own log lines (never content, never secrets). @defaultValue OpenTelemetry `diag` */
  logger?: Logger;
  /**
   * Without a `logger` and without an OpenTelemetry diag logger installed, ERRORs (endpoint
   * rejecting, dead-lettering, decisions not recorded, queue past its alert depth) are written to
   * stderr: once per condition, then a count at most once a minute. `false` turns that off.
   * @defaultValue true; env `VAXELIA_ERRORS_TO_STDERR` (`true` / `false`)
   */
  errorsToStderr?: boolean;
}

export const ERRORS_TO_STDERR_ENV = 'VAXELIA_ERRORS_TO_STDERR';

export const diagLogger: Logger = (level, message, fields) => {
  const args = fields === undefined ? [] : [fields];
  switch (level) {
    case 'debug':
      diag.debug(message, ...args);
      break;
    case 'info':
      diag.info(message, ...args);
      break;
    case 'warn':
      diag.warn(message, ...args);
      break;
    case 'error':
      diag.error(message, ...args);
      break;
  }
};

/** `errorsToStderr ?? env ?? true`; a value that is not a boolean fails at construction. */
export function resolveErrorsToStderr(option: boolean | undefined): boolean {
  if (option !== undefined) {
    if (typeof option !== 'boolean') throw new ConfigError('`errorsToStderr` must be true or false.');
    return option;
  }
  const raw = process.env[ERRORS_TO_STDERR_ENV]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return true;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`\`errorsToStderr\` / ${ERRORS_TO_STDERR_ENV} must be true or false.`);
}

const SAFE = Symbol('vaxelia.safeLogger');
type SafeLogger = Logger & { [SAFE]?: true };
let stderrReporter: StderrErrorReporter | undefined;
let errorCounter: { add(value: number, attributes: Record<string, string>): void } | undefined;

/**
 * A logger that can never throw into the caller, counts every ERROR in the self-metric
 * `vaxelia.errors` (attribute `vaxelia.condition`), and — without a `logger` — reaches a person
 * through stderr while no diag logger is installed. Wrapping a wrapped logger returns it as is.
 */
export function safeLogger(logger: Logger | undefined, options: Pick<ReportingOptions, 'errorsToStderr'> = {}): Logger {
  if ((logger as SafeLogger | undefined)?.[SAFE]) return logger as Logger;
  const toStderr = logger === undefined && resolveErrorsToStderr(options.errorsToStderr);
  const target = logger ?? diagLogger;
  const safe: SafeLogger = (level, message, fields) => {
    try {
      if (level === 'error') {
        const condition = typeof fields?.condition === 'string' ? fields.condition : message;
        errorCounter ??= metrics.getMeter('@vaxelia/ai-otel').createCounter('vaxelia.errors', {
          description: 'ERROR conditions the library reported, by condition',
          unit: '{error}',
        });
        errorCounter.add(1, { 'vaxelia.condition': condition });
        if (toStderr && !isDiagLoggerInstalled()) {
          stderrReporter ??= createStderrErrorReporter();
          stderrReporter.report(condition, message, fields);
        }
      }
      target(level, message, fields);
    } catch {
      // a failing logger must not break the caller
    }
  };
  safe[SAFE] = true;
  return safe;
}

/**
 * Whether the application called `diag.setLogger`. The API keeps its globals under this symbol
 * (stable across the 1.x line, which our peer range pins); `diag.disable()` removes the entry.
 */
function isDiagLoggerInstalled(): boolean {
  const api = (globalThis as Record<symbol, { diag?: unknown } | undefined>)[Symbol.for('opentelemetry.js.api.1')];
  return api?.diag !== undefined;
}
