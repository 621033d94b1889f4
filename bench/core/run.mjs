// Runs the core data-structure benches (bundled: they import the TypeScript sources).
import { runTsBench } from '../lib/run-ts-bench.mjs';

runTsBench('bench/core/bounded-order.bench.ts');
runTsBench('bench/core/plan-batch.bench.ts');
