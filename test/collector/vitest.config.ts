import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The Collector suite: `npm run test:collector`. Real OpenTelemetry Collector processes (built from
 * examples/collector/builder-config.yaml by scripts/build-collector.sh), real `vaxelia-otel gateway`
 * and `serve` processes from dist/, and apps in Node.js and Python. Files are `*.collector.ts` so the
 * default `npm test` never picks them up. One file at a time: each starts eight or more processes.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/collector/**/*.collector.ts'],
    globalSetup: ['test/collector/support/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
