// Runs the workbench benchmark: 1,000,000 decisions stored, list and decision page latency.
import { runTsBench } from '../lib/run-ts-bench.mjs';

runTsBench('bench/server/workbench.bench.ts', { externalPackages: true });
