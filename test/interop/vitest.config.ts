import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The interop suite: `npm run test:interop`. Files are `*.interop.ts` so the default `npm test` never
 * picks them up. It provisions what it needs into ignored folders: a Go build of test/interop/go
 * (modules from the Go proxy, pinned by go.sum) and a Python venv with rfc8785 (pinned).
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/interop/**/*.interop.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
