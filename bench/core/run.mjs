// Runs bounded-order.bench.ts (bundled: it imports the TypeScript sources).
import { runTsBench } from '../lib/run-ts-bench.mjs';

runTsBench('bench/core/bounded-order.bench.ts');
