/**
 * The last resort of "silence is a defect": when the application installed no OpenTelemetry diag
 * logger and gave us no `logger`, ERROR lines would go nowhere. They go to stderr instead — once per
 * condition, then a count per interval, so an outage of hours prints a few lines, not millions.
 *
 * One reporter per process (several processors, the reporter and the gateway share its rate limit).
 */

/** How often a condition that keeps happening is summarised. */
export const STDERR_SUMMARY_INTERVAL_MS = 60_000;

const PREFIX = '[@vaxelia/ai-otel] ERROR';

interface ConditionState {
  message: string;
  total: number;
  /** Occurrences since the last line written. */
  unreported: number;
  lastWrittenAt: number;
}

export interface StderrErrorReporter {
  report(condition: string, message: string, fields: Record<string, unknown> | undefined): void;
}

/** Writes to `write` (default `process.stderr`); the clock and interval are injectable for tests. */
export function createStderrErrorReporter(
  write: (line: string) => void = (line) => process.stderr.write(line),
  intervalMs = STDERR_SUMMARY_INTERVAL_MS,
  now: () => number = Date.now,
): StderrErrorReporter & { flushSummaries(): void } {
  const conditions = new Map<string, ConditionState>();
  let timer: NodeJS.Timeout | undefined;

  const summarise = (state: ConditionState): void => {
    if (state.unreported === 0) return;
    write(`${PREFIX} ${state.message} — ${state.unreported} more time(s) since the last line (${state.total} in all)\n`);
    state.unreported = 0;
    state.lastWrittenAt = now();
  };
  const flushSummaries = (): void => {
    for (const state of conditions.values()) summarise(state);
  };
  const armTimer = (): void => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      const due = now() - intervalMs;
      let pending = false;
      for (const state of conditions.values()) {
        if (state.unreported > 0 && state.lastWrittenAt <= due) summarise(state);
        if (state.unreported > 0) pending = true;
      }
      if (pending) armTimer();
    }, intervalMs);
    timer.unref(); // never keeps the application alive; the exit hook prints what is left
  };

  // A short-lived process (CLI job, serverless function) ends before the interval: the counts
  // still reach a person. stderr writes to files and pipes are synchronous on exit.
  process.once('exit', flushSummaries);

  return {
    report(condition, message, fields) {
      const state = conditions.get(condition);
      if (state === undefined) {
        conditions.set(condition, { message, total: 1, unreported: 0, lastWrittenAt: now() });
        write(`${PREFIX} ${message}${formatFields(fields)}\n`);
        return;
      }
      state.total++;
      state.unreported++;
      if (now() - state.lastWrittenAt >= intervalMs) summarise(state);
      else armTimer();
    },
    flushSummaries,
  };
}

/** `key=value` pairs; fields carry counts, ids, status codes and hints by the Logger contract. */
function formatFields(fields: Record<string, unknown> | undefined): string {
  if (fields === undefined) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'condition' || value === undefined) continue;
    parts.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
