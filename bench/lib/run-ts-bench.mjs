// Runs a TypeScript benchmark: bundles it with esbuild (Node does not map `.js` imports to `.ts`)
// into a temporary directory, runs the bundle with this Node, and removes it. The directory is under
// node_modules/.cache, so that packages left external resolve from the repository's node_modules.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * @param {string} entry path of the .ts benchmark, relative to the repository root
 * @param {{ nodeArgs?: string[], externalPackages?: boolean }} [options]
 */
export function runTsBench(entry, options = {}) {
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const out = mkdtempSync(join(root, 'node_modules/.cache/vx-bench-build-'));
  try {
    const bundle = join(out, basename(entry).replace(/\.ts$/, '.mjs'));
    execFileSync(join(root, 'node_modules/.bin/esbuild'), [
      join(root, entry),
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--target=node22',
      ...(options.externalPackages ? ['--packages=external'] : []),
      `--outfile=${bundle}`,
      '--log-level=warning',
    ]);
    execFileSync(process.execPath, [...(options.nodeArgs ?? []), bundle], { stdio: 'inherit', env: process.env, cwd: root });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
