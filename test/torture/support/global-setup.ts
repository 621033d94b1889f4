import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioResult } from './results.js';

let dir: string;

export function setup(): void {
  if (!existsSync(join(process.cwd(), 'dist/index.js')) || !existsSync(join(process.cwd(), 'dist/cli.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (child processes run the built package)');
  }
  dir = mkdtempSync(join(tmpdir(), 'vx-torture-results-'));
  // Forked workers inherit the environment of the main process.
  process.env.VAXELIA_TORTURE_RESULTS = dir;
}

const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MiB`;

export function teardown(): void {
  if (!dir) return;
  const file = join(dir, 'results.jsonl');
  const rows: ScenarioResult[] = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as ScenarioResult)
    : [];
  rmSync(dir, { recursive: true, force: true });
  const sum = (k: keyof ScenarioResult, only = rows) => only.reduce((a, r) => a + (typeof r[k] === 'number' ? (r[k] as number) : 0), 0);
  const live = rows.filter((r) => !r.knownBug);
  const header = ['file', 'scenario', 'produced', 'delivered', 'dup', 'lost', 'leaks', 'hostile', 'faults', 'maxRSS', 'note'];
  const lines = rows.map((r) => [
    r.file,
    r.scenario + (r.skipped ? ' (SKIPPED)' : '') + (r.knownBug ? ' (KNOWN BUG)' : ''),
    String(r.produced ?? ''),
    String(r.delivered ?? ''),
    String(r.duplicates ?? ''),
    String(r.lost ?? ''),
    String(r.leaks ?? ''),
    String(r.hostile ?? ''),
    String(r.faults ?? ''),
    r.maxRssBytes ? mib(r.maxRssBytes) : '',
    r.note ?? '',
  ]);
  const total = [
    'TOTAL',
    `${rows.filter((r) => !r.skipped).length} run, ${rows.filter((r) => r.skipped).length} skipped`,
    String(sum('produced')),
    String(sum('delivered')),
    String(sum('duplicates')),
    String(sum('lost', live)),
    String(sum('leaks', live)),
    String(sum('hostile')),
    String(sum('faults')),
    mib(Math.max(0, ...rows.map((r) => r.maxRssBytes ?? 0))),
    process.env.VAXELIA_TORTURE === 'long' ? 'long mode' : 'short mode',
  ];
  const all = [header, ...lines, total];
  const widths = header.map((_, i) => Math.max(...all.map((l) => (l[i] ?? '').length)));
  const fmt = (l: string[]) => l.map((c, i) => (i === l.length - 1 ? c : c.padEnd(widths[i]!))).join(' | ');
  const out = [fmt(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(fmt), widths.map((w) => '-'.repeat(w)).join('-|-'), fmt(total)];
  console.log(`\nvaxelia torture summary\n${out.join('\n')}\n`);
  const known = rows.filter((r) => r.knownBug);
  if (known.length > 0) {
    console.log(`known bugs (it.fails, reported; not failing the run): ${known.map((r) => `${r.scenario}: ${r.knownBug} (lost ${r.lost ?? 0}, leaks ${r.leaks ?? 0})`).join('; ')}\n`);
  }
  if (sum('lost', live) > 0 || sum('leaks', live) > 0) {
    process.exitCode = 1;
    throw new Error(`torture: ${sum('lost', live)} decision(s) lost, ${sum('leaks', live)} leak(s) found`);
  }
}
