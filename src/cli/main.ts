#!/usr/bin/env node
/**
 * The `vaxelia-otel` binary: parses nothing itself, hands argv and the process streams to `runCli`.
 * No top-level await: tsup also emits this entry as CommonJS.
 */
import '../node-version-guard.js';
import { runCli } from './run-cli.js';

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`vaxelia-otel: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
