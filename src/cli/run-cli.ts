import { PACKAGE_VERSION } from '../delivery/user-agent.js';
import { UsageError, writeLine } from './cli-args.js';
import type { CliCommand, CliIO } from './cli-io.js';
import { inCliWords } from './cli-wording.js';
import { didYouMean } from './closest-name.js';
import { COMMANDS } from './commands/index.js';

const BIN = 'vaxelia-otel';

function overallHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: ${BIN} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show this help',
    '  -v, --version  print the version',
    '',
    `Run \`${BIN} <command> --help\` for a command's options. The contract these commands follow`,
    '(wire format, hash chain, delivery, queue): docs/DESIGN.md in the package.',
    '',
  ].join('\n');
}

/**
 * Dispatches `argv` (without node and script) to a command of the table and resolves its exit code:
 * 0 ok, 1 problems found, 2 usage or I/O error. Never throws.
 */
export async function runCli(argv: string[], io: CliIO, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(overallHelp(commands));
    return 2;
  }
  if (name === '--version' || name === '-v') {
    writeLine(io.stdout, PACKAGE_VERSION);
    return 0;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const target = rest[0] === undefined ? undefined : commands.find((c) => c.name === rest[0]);
    if (target) return runCommand(target, ['--help'], io);
    io.stdout.write(overallHelp(commands));
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const what = name.startsWith('-') ? 'option' : 'command';
    const names = what === 'option' ? ['--help', '-h', '--version', '-v'] : commands.map((c) => c.name);
    writeLine(io.stderr, `${BIN}: unknown ${what} '${name}'${didYouMean(name, names)}`);
    writeLine(io.stderr, `Run \`${BIN} --help\` for the commands.`);
    return 2;
  }
  return runCommand(command, rest, io);
}

async function runCommand(command: CliCommand, args: string[], io: CliIO): Promise<number> {
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      writeLine(io.stderr, `${BIN} ${command.name}: ${error.message}`);
      writeLine(io.stderr, `Run \`${BIN} ${command.name} --help\` for usage.`);
    } else {
      // Library errors name library options; a CLI user sets flags and environment variables.
      writeLine(io.stderr, `${BIN} ${command.name}: ${inCliWords((error as Error)?.message ?? String(error))}`);
    }
    return 2;
  }
}
