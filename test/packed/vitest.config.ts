import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:packed` (CI runs it from .ci/run): the packed tarball installed into brand-new apps
 * from the npm registry. Minutes, not seconds: files are `*.packed.ts`, so the default `npm test`
 * never picks them up.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/packed/**/*.packed.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    pool: 'forks',
  },
});
