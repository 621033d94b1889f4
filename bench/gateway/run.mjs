// Runs the gateway throughput benchmark.
//   node bench/gateway/run.mjs            (BENCH_REQUESTS=200 by default)
import { runTsBench } from '../lib/run-ts-bench.mjs';

runTsBench('bench/gateway/gateway-throughput.bench.ts');
