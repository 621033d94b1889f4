// Runs stage-costs.bench.ts (bundled, packages loaded from node_modules as an app loads them).
import { runTsBench } from '../lib/run-ts-bench.mjs';

runTsBench('bench/delivery/stage-costs.bench.ts', { externalPackages: true });
