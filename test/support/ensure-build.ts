import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = process.cwd();
const OUTPUTS = ['dist/index.js', 'dist/index.cjs', 'dist/server.js', 'dist/gateway.js', 'dist/cli.js'];
const INPUTS = ['src', 'tsup.config.ts', 'package.json'];
const LOCK = join(ROOT, '.vitest-cache', 'build.lock');
const STALE_LOCK_MS = 10 * 60_000;

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** dist/ exists and is newer than every source file, the tsup config and package.json. */
function isBuildFresh(): boolean {
  if (!OUTPUTS.every((file) => existsSync(join(ROOT, file)))) return false;
  const built = Math.min(...OUTPUTS.map((file) => statSync(join(ROOT, file)).mtimeMs));
  return INPUTS.every((input) => newestMtime(join(ROOT, input)) <= built);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Tests that run the built package (the demo, the examples: as users run them) build it first when
 * dist/ is missing or older than src/, so a plain `npm test` on a fresh clone needs no prior build.
 * Test files run in parallel processes: a lock directory makes one of them build while the others
 * wait for it, then see a fresh dist/.
 */
export function ensureBuild(): void {
  if (isBuildFresh()) return;
  mkdirSync(join(ROOT, '.vitest-cache'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another test process is building; a lock left by a killed run is taken over.
      const lockedSince = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - lockedSince > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      sleepSync(250);
      if (isBuildFresh()) return;
    }
  }
  try {
    if (isBuildFresh()) return;
    process.stderr.write('dist/ is missing or older than src/: building it with tsup for the tests that run the built package\n');
    execFileSync(process.execPath, [join(ROOT, 'node_modules/tsup/dist/cli-default.js'), '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
