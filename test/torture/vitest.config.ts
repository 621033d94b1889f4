import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (file: string) => fileURLToPath(new URL(`../../src/${file}`, import.meta.url));
const long = process.env.VAXELIA_TORTURE === 'long';

/**
 * The torture suite: `npm run test:torture` (short, CI-bounded) or `VAXELIA_TORTURE=long npm run test:torture`.
 * Files are `*.torture.ts` so the default `npm test` (test/**\/*.test.ts) never picks them up. Child
 * processes run the BUILT package (dist/): build first.
 */
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@vaxelia\/ai-otel$/, replacement: src('index.ts') },
      { find: /^@vaxelia\/ai-otel\/gateway$/, replacement: src('gateway/index.ts') },
      { find: /^@vaxelia\/ai-otel\/server$/, replacement: src('server/index.ts') },
    ],
  },
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/torture/**/*.torture.ts'],
    globalSetup: ['test/torture/support/global-setup.ts'],
    testTimeout: long ? 1_800_000 : 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: crash scenarios spawn their own children; two files at a time is enough.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
