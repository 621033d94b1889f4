// Runs the Collector throughput benchmark (builds the Collector first if it is missing).
//   node bench/collector/run.mjs            (BENCH_REQUESTS=100 by default)
import { execFileSync } from 'node:child_process';
import { runTsBench } from '../lib/run-ts-bench.mjs';

process.env.VAXELIA_COLLECTOR_BIN = execFileSync('bash', ['scripts/build-collector.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
runTsBench('bench/collector/collector-throughput.bench.ts');
