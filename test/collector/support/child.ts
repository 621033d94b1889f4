import { type ChildProcess, spawn } from 'node:child_process';

/** A child process whose output the test reads: both streams kept, awaited by pattern. */
export interface Child {
  readonly name: string;
  readonly proc: ChildProcess;
  /** stdout and stderr interleaved as they arrived (the Collector logs to stderr). */
  output(): string;
  stdout(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first match of `re` in the output; rejects on exit or after `timeoutMs`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves once `re` matches at least `count` times in the output. */
  waitForCount(re: RegExp, count: number, timeoutMs?: number): Promise<void>;
  /** A real `kill -9`. */
  kill9(): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<Child>();

/** Spawns `command args` with only `env` plus PATH/HOME/TMPDIR, so the outer environment never leaks in. */
export function spawnChild(name: string, command: string, args: string[], env: Record<string, string | undefined>, cwd = process.cwd()): Child {
  const proc = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TMPDIR: process.env.TMPDIR ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let all = '';
  let out = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    all += chunk.toString('utf8');
  });
  proc.stderr!.on('data', (chunk: Buffer) => {
    all += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const poll = (test: () => boolean, what: string, timeoutMs: number): Promise<void> =>
    new Promise((resolve, reject) => {
      let exitedAlready = false;
      void exited.then(() => {
        exitedAlready = true;
      });
      const started = Date.now();
      const timer = setInterval(() => {
        if (test()) {
          clearInterval(timer);
          resolve();
        } else if (exitedAlready || Date.now() - started > timeoutMs) {
          clearInterval(timer);
          reject(new Error(`${name}: ${exitedAlready ? 'exited' : `no ${what} within ${timeoutMs} ms`} (output tail: ${all.slice(-2000)})`));
        }
      }, 25);
    });
  const child: Child = {
    name,
    proc,
    output: () => all,
    stdout: () => out,
    exited,
    async waitFor(re, timeoutMs = 60_000) {
      await poll(() => re.test(all), String(re), timeoutMs);
      return all.match(re)!;
    },
    async waitForCount(re, count, timeoutMs = 60_000) {
      const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
      await poll(() => (all.match(global)?.length ?? 0) >= count, `${count} × ${re}`, timeoutMs);
    },
    async kill9() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
  running.add(child);
  void exited.then(() => running.delete(child));
  return child;
}

/** kill -9 of every child still running (afterAll safety net: no process outlives its test file). */
export async function killAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => child.kill9()));
}
