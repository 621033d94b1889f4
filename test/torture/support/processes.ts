import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = process.cwd();
export const CLI = join(ROOT, 'dist/cli.js');

/** A free TCP port on 127.0.0.1 (for children that must come back on the same port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export interface Child {
  proc: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first stdout match of `re` (rejects on exit or timeout). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  onLine(fn: (line: string) => void): void;
  /** kill -9 */
  kill9(): Promise<void>;
}

/** Spawns `node <args>` with a pinned environment (plus `env`), cwd = repo root. */
export function spawnNode(args: string[], env: Record<string, string | undefined>): Child {
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TMPDIR: process.env.TMPDIR ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const listeners: ((line: string) => void)[] = [];
  let pending = '';
  const child: Child = {
    proc,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal }))),
    waitFor(re, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = child.stdout.match(re);
          if (m) {
            clearInterval(timer);
            clearTimeout(timeout);
            resolve(m);
          }
        };
        const timer = setInterval(check, 20);
        const timeout = setTimeout(() => {
          clearInterval(timer);
          reject(new Error(`timeout waiting for ${re} (stdout: ${child.stdout.slice(-500)} stderr: ${child.stderr.slice(-1000)})`));
        }, timeoutMs);
        void child.exited.then(() => setTimeout(() => {
          check();
          clearInterval(timer);
          clearTimeout(timeout);
          reject(new Error(`child exited before ${re} (stderr: ${child.stderr.slice(-1000)})`));
        }, 50));
        check();
      });
    },
    onLine(fn) {
      listeners.push(fn);
    },
    async kill9() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await child.exited;
    },
  };
  proc.stdout!.on('data', (c: Buffer) => {
    const text = c.toString('utf8');
    child.stdout += text;
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) for (const fn of listeners) fn(line);
  });
  proc.stderr!.on('data', (c: Buffer) => {
    child.stderr += c.toString('utf8');
  });
  return child;
}

/** `vaxelia-otel serve` on a fixed port (read key: `read-<apiKey>`); resolves once it listens. */
export async function spawnServe(port: number, db: string, apiKey: string): Promise<Child> {
  const child = spawnNode([CLI, 'serve', '--port', String(port), '--db', db, '--ingest-key-env', 'TORTURE_SERVE_KEY', '--read-key-env', 'TORTURE_READ_KEY'], {
    TORTURE_SERVE_KEY: apiKey,
    TORTURE_READ_KEY: `read-${apiKey}`,
  });
  await child.waitFor(/listening on (http:\/\/\S+)/);
  return child;
}
