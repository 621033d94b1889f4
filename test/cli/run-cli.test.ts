import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliCommand, CliIO } from '../../src/cli/cli-io.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { runCli } from '../../src/cli/run-cli.js';

function fakeIO(options: { tty?: boolean; cwd?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  const stderr = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  stdout.on('data', (c) => out.push(String(c)));
  stderr.on('data', (c) => err.push(String(c)));
  const io: CliIO = { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: options.cwd ?? process.cwd() };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

const work = mkdtempSync(join(tmpdir(), 'vaxelia-run-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('runCli', () => {
  it('lists each command with the name and summary of the module it loads when run', async () => {
    for (const command of COMMANDS) {
      const loaded = await command.load();
      expect({ name: command.name, summary: command.summary }).toEqual({ name: loaded.name, summary: loaded.summary });
    }
  });

  it('dispatches to a command added to the table', async () => {
    const seen: string[][] = [];
    const extra: CliCommand = {
      name: 'extra',
      summary: 'an added command',
      run: async (args) => {
        seen.push(args);
        return 0;
      },
    };
    const { io, out } = fakeIO();
    expect(await runCli(['extra', 'status'], io, [...COMMANDS, extra])).toBe(0);
    expect(seen).toEqual([['status']]);
    expect(await runCli(['--help'], io, [...COMMANDS, extra])).toBe(0);
    expect(out()).toMatch(/\n {2}extra +an added command\n/);
  });

  it('turns a throwing command into exit 2 with its message', async () => {
    const boom: CliCommand = {
      name: 'boom',
      summary: 'fails',
      run: async () => {
        throw new Error('disk on fire');
      },
    };
    const { io, err } = fakeIO();
    expect(await runCli(['boom'], io, [boom])).toBe(2);
    expect(err()).toContain('vaxelia-otel boom: disk on fire');
    expect(await runCli(['help', 'boom'], io, [boom])).toBe(2);
  });

  it('shows progress on a terminal for large files, and nothing otherwise', async () => {
    const file = join(work, 'many.jsonl');
    writeFileSync(file, `${'{"x":1}\n'.repeat(60_000)}`);
    const tty = fakeIO({ tty: true });
    expect(await runCli(['verify', file], tty.io)).toBe(1);
    // Counted per read buffer: at least 50,000 lines when first shown.
    expect(tty.err()).toMatch(/verifying… (5\d|6\d),\d{3} lines \(\d+%\)/);
    const pipe = fakeIO();
    expect(await runCli(['verify', file], pipe.io)).toBe(1);
    expect(pipe.err()).toBe('');
  });
});
