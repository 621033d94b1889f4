// Bundles the TypeScript benchmark (Node does not map `.js` imports to `.ts`) and runs it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'vx-bench-build-'));
try {
  const bundle = join(out, 'server.bench.mjs');
  execFileSync(join(root, 'node_modules/.bin/esbuild'), [
    join(root, 'bench/server/ingest.bench.ts'),
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--target=node22',
    '--packages=external',
    `--outfile=${bundle}`,
    '--log-level=warning',
  ]);
  execFileSync(process.execPath, [bundle], { stdio: 'inherit', env: process.env, cwd: root });
} finally {
  rmSync(out, { recursive: true, force: true });
}
