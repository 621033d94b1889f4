// Runs the delivery benchmarks, each in a process of its own (they measure RSS, after GC with
// --expose-gc): the outage through the real path (issue 5's memory goal), then the queue and
// delivery components (raw ceilings, accept rate with the endpoint down, recovery drain).
//   node bench/delivery/run.mjs            # 200,000-decision outage (the goal's size)
//   node bench/delivery/run.mjs --quick    # 20,000 decisions, for a quick look while developing
// Env: see the headers of outage.bench.ts and delivery.bench.ts; BENCH_ONLY=outage|queue.
import { runTsBench } from '../lib/run-ts-bench.mjs';

if (process.argv.includes('--quick')) {
  process.env.BENCH_OUTAGE ??= '20000';
  process.env.BENCH_WARMUP ??= '5000';
}
const only = process.env.BENCH_ONLY;
// The outage keeps packages external (loaded from node_modules, as in an app): bundled into one ESM
// file, undici's CommonJS require() calls fail, the warm-up delivers nothing and measures nothing.
if (!only || only === 'outage') runTsBench('bench/delivery/outage.bench.ts', { nodeArgs: ['--expose-gc'], externalPackages: true });
if (!only || only === 'queue') runTsBench('bench/delivery/delivery.bench.ts', { nodeArgs: ['--expose-gc'], externalPackages: true });
