// Runs the delivery benchmark with --expose-gc (it measures RSS after GC).
import { runTsBench } from '../lib/run-ts-bench.mjs';

runTsBench('bench/delivery/delivery.bench.ts', { nodeArgs: ['--expose-gc'] });
