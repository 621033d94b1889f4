import { defineConfig } from 'tsup';

// Subpath entries: the core import loads no server code.
const entries = {
  index: 'src/index.ts',
  gateway: 'src/gateway/index.ts',
  server: 'src/server/index.ts',
  cli: 'src/cli/main.ts',
  // Started by `vaxelia-otel verify` from beside dist/cli.js: reads lines in parallel.
  'verify-worker': 'src/cli/verify-worker.ts',
};

export default defineConfig({
  entry: entries,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node22',
  platform: 'node',
  splitting: true,
  shims: false,
  // Keep `node:` specifiers: newer built-ins (node:sqlite) exist only under the prefix.
  removeNodeProtocol: false,
});
