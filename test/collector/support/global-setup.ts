import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Provisions what the suite runs: the built package (dist/), the Collector binary (built once per
 * manifest hash by scripts/build-collector.sh) and the Python apps' virtual environment (once per
 * requirements hash by scripts/setup-python-apps.sh). Both scripts print the path they provide last.
 */
export function setup(): void {
  const root = process.cwd();
  if (!existsSync(join(root, 'dist/cli.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (the gateway and server run the built CLI)');
  }
  const lastLine = (script: string) => {
    const out = execFileSync('bash', [join(root, 'scripts', script)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    return out.trim().split('\n').pop()!;
  };
  // Forked workers inherit the environment of the main process.
  process.env.VAXELIA_COLLECTOR_BIN = lastLine('build-collector.sh');
  process.env.VAXELIA_PYTHON_APPS_PYTHON = lastLine('setup-python-apps.sh');
}
