import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests import the package by its public names, as a user would; here they resolve to the source.
    alias: [
      { find: /^@vaxelia\/ai-otel$/, replacement: src('index.ts') },
      { find: /^@vaxelia\/ai-otel\/gateway$/, replacement: src('gateway/index.ts') },
      { find: /^@vaxelia\/ai-otel\/server$/, replacement: src('server/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The packed-tarball suite installs from the registry for minutes: `npm run test:packed` (CI runs it).
    exclude: ['test/packed/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
