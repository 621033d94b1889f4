import { defineConfig } from 'vitest/config';

// No alias here: '@vaxelia/ai-otel' resolves to the packed tarball installed in node_modules.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
