import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line of the final summary: each torture scenario appends one. */
export interface ScenarioResult {
  file: string;
  scenario: string;
  /** Decisions the scenario produced (acknowledged to the producer). */
  produced?: number;
  /** Unique decisions found at the endpoint. */
  delivered?: number;
  /** Decisions stored more than once (by decisionId) at the endpoint. */
  duplicates?: number;
  /** Acknowledged decisions that never arrived. */
  lost?: number;
  /** Canary occurrences found where none may be. */
  leaks?: number;
  /** Hostile inputs tried. */
  hostile?: number;
  /** Peak resident set size in bytes (of this worker or a child). */
  maxRssBytes?: number;
  /** Faults injected (kills, resets, stalls, ...). */
  faults?: number;
  note?: string;
  skipped?: boolean;
  /** Set by `it.fails` scenarios that document a reported bug: shown, but not failing the run. */
  knownBug?: string;
}

/** Appends one result line to the run's results file (set up by global-setup.ts). */
export function recordResult(result: ScenarioResult): void {
  const dir = process.env.VAXELIA_TORTURE_RESULTS;
  const row = { ...result, maxRssBytes: Math.max(result.maxRssBytes ?? 0, process.resourceUsage().maxRSS * 1024) };
  if (!dir) return;
  appendFileSync(join(dir, 'results.jsonl'), `${JSON.stringify(row)}\n`);
}
