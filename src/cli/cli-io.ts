/**
 * What a CLI command may touch. Commands never read `process` directly so tests can run them
 * in-process as well as through the real binary.
 */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** One `vaxelia-otel <name>` command: resolves the exit code (0 ok, 1 problems found, 2 usage/IO error). */
export interface CliCommand {
  name: string;
  summary: string;
  run(args: string[], io: CliIO): Promise<number>;
}
