import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Bundles a TypeScript entry point (relative to the repo root) into one ESM file for a child
 * process: Node strips types but does not map the `.js` import specifiers to `.ts` files.
 */
export function bundleForChild(entry: string, outfile: string): string {
  execFileSync(join(process.cwd(), 'node_modules/.bin/esbuild'), [
    join(process.cwd(), entry),
    '--bundle',
    '--platform=node',
    '--format=esm',
    `--outfile=${outfile}`,
    '--log-level=warning',
    // CommonJS dependencies (undici) call require(): give the ESM bundle one.
    "--banner:js=import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  ]);
  return outfile;
}
