// Memory figures of one process, for the outage benches: RSS and where it sits (V8 spaces, external
// buffers, anonymous vs file-backed pages).
import { readFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

export const MiB = 1024 * 1024;
/** The goal: under 64 MB (decimal) of RSS growth over a 200,000-decision outage. */
export const GOAL_BYTES = 64e6;

export const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

export interface MemorySnapshot {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  newSpace: number;
  oldSpace: number;
  external: number;
  arrayBuffers: number;
  /** Anonymous resident pages (heap, malloc) vs file-backed ones (the node binary's code). */
  anonymous: number;
  fileBacked: number;
}

export function snapshot(): MemorySnapshot {
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
  const status = readProcStatus();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    newSpace: spaces.new_space ?? 0,
    oldSpace: spaces.old_space ?? 0,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    anonymous: status.RssAnon ?? 0,
    fileBacked: status.RssFile ?? 0,
  };
}

function readProcStatus(): Record<string, number> {
  try {
    const text = readFileSync('/proc/self/status', 'utf8');
    return Object.fromEntries([...text.matchAll(/^(Rss\w+):\s+(\d+) kB$/gm)].map((m) => [m[1]!, Number(m[2]) * 1024]));
  } catch {
    return {}; // not Linux
  }
}

export const mib = (bytes: number): string => (bytes / MiB).toFixed(1);

/** One line: each figure of `after` and its change from `before`. */
export function breakdown(before: MemorySnapshot, after: MemorySnapshot): string {
  const keys: [keyof MemorySnapshot, string][] = [
    ['rss', 'rss'],
    ['anonymous', 'anon'],
    ['fileBacked', 'file'],
    ['heapTotal', 'V8 heap reserved'],
    ['newSpace', 'young gen'],
    ['oldSpace', 'old space'],
    ['heapUsed', 'heap used'],
    ['external', 'external'],
    ['arrayBuffers', 'arrayBuffers'],
  ];
  return keys.map(([k, label]) => `${label} ${mib(after[k])} (${signed(after[k] - before[k])})`).join(', ');
}

const signed = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${mib(bytes)}`;

/** Samples RSS every `everyMs` (and on demand) to catch the peak between GCs. */
export function peakSampler(everyMs = 50): { sample(): void; stop(): number } {
  let peak = process.memoryUsage().rss;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, everyMs);
  return {
    sample,
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}
