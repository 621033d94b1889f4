import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIO } from './cli-io.js';
import { didYouMean } from './closest-name.js';

/** A usage error: the command prints it with its usage line and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError' as const;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The flags a command accepts, as typed: `--json`, `-h`. */
function flagNames(options: Options): string[] {
  return Object.entries(options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]);
}

/**
 * parseArgs's own messages are written for programmers ("To specify a positional argument starting
 * with a '-', place it at the end of the command after '--'…"): one short line instead, with the
 * closest valid flag for a typo.
 */
function usageMessage(error: Error & { code?: string }, options: Options): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted !== undefined) {
    const flag = quoted.split('=')[0]!;
    return `unknown option '${flag}'${didYouMean(flag, flagNames(options))}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted !== undefined) {
    const flag = quoted.split(' ')[0]!;
    return / argument missing/.test(error.message) ? `${flag} needs a value` : `${flag} takes no value`;
  }
  return error.message;
}

/**
 * `node:util` parseArgs with `--help`/`-h` added and strict checking; unknown flags become a
 * {@link UsageError} that suggests the closest flag. Returns `undefined` when help was printed.
 */
export function parseCommandArgs<O extends Options>(
  args: string[],
  options: O,
  help: string,
  io: CliIO,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } | undefined {
  let parsed: ReturnType<typeof parseArgs>;
  const withHelp: Options = { ...options, help: { type: 'boolean', short: 'h' } };
  try {
    parsed = parseArgs({ args, options: withHelp, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(usageMessage(error as Error, withHelp));
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
