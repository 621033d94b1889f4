// Runs the reference-server ingest benchmark (node:sqlite stays a runtime import: packages external).
import { runTsBench } from '../lib/run-ts-bench.mjs';

runTsBench('bench/server/ingest.bench.ts', { externalPackages: true });
