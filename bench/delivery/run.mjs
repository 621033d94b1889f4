// Bundles the TypeScript benchmark (Node does not map `.js` imports to `.ts`) and runs it with --expose-gc.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'vx-bench-build-'));
try {
  const bundle = join(out, 'delivery.bench.mjs');
  execFileSync(join(root, 'node_modules/.bin/esbuild'), [
    join(root, 'bench/delivery/delivery.bench.ts'),
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--target=node22',
    `--outfile=${bundle}`,
    '--log-level=warning',
  ]);
  execFileSync(process.execPath, ['--expose-gc', bundle], { stdio: 'inherit', env: process.env });
} finally {
  rmSync(out, { recursive: true, force: true });
}
