import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuild } from '../../support/ensure-build.js';

export const ROOT = process.cwd();

/** The demo and the examples import the built package by name: builds dist/ when missing or stale. */
export function requireBuild(): void {
  ensureBuild();
}

/** Runs `node <script>` with a pinned environment (no OPENAI_API_KEY: the local stand-in is used). */
export function runNode(script: string, args: string[] = [], timeoutMs = 90_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TMPDIR: process.env.TMPDIR ?? '/tmp' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
