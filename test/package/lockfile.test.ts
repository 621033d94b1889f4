import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockEntry> };
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> };

/** Where npm would find `name` from the package at `from` (its own node_modules, then its parents'). */
function resolvesFrom(from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    if (lock.packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    if (dir === '') return false;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

describe('package-lock.json', () => {
  // npm leaves out other platforms' binaries when it writes the lockfile over an existing node_modules
  // (npm/cli#4828); `npm ci` on npm 11 then refuses the lockfile on every other platform. Regenerate it
  // in a folder without node_modules: `npm install --package-lock-only`.
  it("records every platform's optional binaries (biome, esbuild, rollup, …)", () => {
    const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !resolvesFrom(path, name))
        .map((name) => `${path || '(root)'} → ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('pins every devDependency to one exact version, the one locked', () => {
    // An alias (`"ai-v7": "npm:ai@7.0.185"`, a second major beside the first) pins its target exactly too.
    const exact = (range: string) => /^(npm:(@[\w.-]+\/)?[\w.-]+@)?\d+\.\d+\.\d+(-[\w.]+)?$/.test(range);
    const loose = Object.entries(pkg.devDependencies).filter(([, range]) => !exact(range));
    expect(loose).toEqual([]);
    for (const [name, range] of Object.entries(pkg.devDependencies)) {
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(range.slice(range.lastIndexOf('@') + 1));
    }
  });
});
