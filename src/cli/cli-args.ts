import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIO } from './cli-io.js';

/** A usage error: the command prints it with its usage line and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError' as const;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs with `--help`/`-h` added and strict checking; unknown flags become a
 * {@link UsageError}. Returns `undefined` when help was printed.
 */
export function parseCommandArgs<O extends Options>(
  args: string[],
  options: O,
  help: string,
  io: CliIO,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } | undefined {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) {
    io.stdout.write(help.endsWith('\n') ? help : `${help}\n`);
    return undefined;
  }
  return parsed as { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
}

export function writeLine(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}
