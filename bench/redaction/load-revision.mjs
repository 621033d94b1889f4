// Loads src/redaction of a git revision (with the src/ files it imports), bundled from a
// `git archive` copy: the benches compare a revision with the working tree side by side.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The redaction module (`createRedactor`, …) of `rev`. */
export async function loadRevision(rev) {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(path.join(tmpdir(), 'vaxelia-revision-'));
  try {
    const tar = execFileSync('git', ['archive', '--format=tar', rev, 'src'], { cwd: root, maxBuffer: 1 << 28 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    const outfile = path.join(dir, 'redaction.mjs');
    await build({ entryPoints: [path.join(dir, 'src/redaction/index.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error' });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
