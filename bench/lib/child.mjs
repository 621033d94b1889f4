// Runs a bench script as a child process, with a time limit; returns its stdout, and the
// BENCH_RESULT JSON line when the script prints one.
import { spawn } from 'node:child_process';

export function runChild(command, args, { cwd, env = {}, timeoutMs = 15 * 60_000 } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      let result;
      try {
        result = line ? JSON.parse(line.slice('BENCH_RESULT '.length)) : undefined;
      } catch {}
      resolve({ code, signal, stdout, stderr: stderr.slice(-4000), result, seconds: (performance.now() - started) / 1000 });
    });
  });
}
