import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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

// Server-only and gateway-only libraries are bundled into the chunks that use them, so an app that
// installs the package for the span processor alone installs neither (they are devDependencies):
// - protobufjs (and what it requires) decodes OTLP protobuf in the gateway;
// - Chart.js's UMD file is inlined, as text, into the evidence report's page (see chart-js-source.ts).
const requireHere = createRequire(import.meta.url);
const chartJsUmd = readFileSync(join(dirname(requireHere.resolve('chart.js')), 'chart.umd.js'), 'utf8');

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
  noExternal: ['protobufjs', /^@protobufjs\//, 'long'],
  define: { 'globalThis.__VAXELIA_CHART_JS_UMD__': JSON.stringify(chartJsUmd) },
});
