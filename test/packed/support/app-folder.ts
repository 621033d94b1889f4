import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = process.cwd();

/** The exact version the repository tests with (package.json devDependencies), for a user's app. */
export function testedVersion(name: string): string {
  const { devDependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const version = devDependencies[name];
  if (version === undefined) throw new Error(`${name} is not a devDependency`);
  return `${name}@${version}`;
}

export interface PackResult {
  tarball: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: string[];
}

/** `npm pack` of the checkout, as `npm publish` would make it (prepack builds). */
export function packRepository(destination: string): PackResult {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const [result] = JSON.parse(out.slice(out.indexOf('['))) as { filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string }[] }[];
  if (!result) throw new Error('npm pack printed no result');
  return {
    tarball: join(destination, result.filename),
    size: result.size,
    unpackedSize: result.unpackedSize,
    entryCount: result.entryCount,
    files: result.files.map((f) => f.path),
  };
}

/** A brand-new app folder with the given packages installed from the npm registry (and the tarball). */
export function createApp(dir: string, packages: string[]): void {
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'new-app', version: '1.0.0', private: true }, null, 2)}\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packages], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Bytes on disk under `dir` (as `du` counts them: allocated blocks). */
export function diskUsage(dir: string): number {
  const stat = statSync(dir);
  if (!stat.isDirectory()) return stat.blocks * 512;
  return readdirSync(dir).reduce((sum, name) => sum + diskUsage(join(dir, name)), stat.blocks * 512);
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in `cwd` with exactly `env`, to completion. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += String(c);
    });
    child.stderr.on('data', (c) => {
      stderr += String(c);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The README's setup snippet for `fileName` (a ```js block whose first line is `// <fileName> — run: <command>`). */
export function readmeSnippet(fileName: string): { code: string; command: string[] } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.startsWith(`// ${fileName} — run: `));
  if (!block) throw new Error(`README.md has no \`// ${fileName} — run: …\` block`);
  const command = block.split('\n')[0]!.slice(`// ${fileName} — run: `.length).trim().split(/\s+/);
  return { code: block, command };
}
