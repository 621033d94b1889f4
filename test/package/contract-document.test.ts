import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyCommand } from '../../src/cli/commands/verify.js';

// The contract (docs/DESIGN.md) is cited as "§N" by the README, `verify --help` and the source:
// its numbered headings are stable, it ships in the tarball, and what cites it names a file that exists.
const contract = readFileSync('docs/DESIGN.md', 'utf8');

describe('the contract document', () => {
  it('keeps its numbered sections §1–§7', () => {
    const headings = [...contract.matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1]));
    expect(headings.slice(0, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('ships in the package and is what the README and `verify --help` cite', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('docs');
    expect(readFileSync('README.md', 'utf8')).toContain('(docs/DESIGN.md)');
    let help = '';
    const sink = {
      write(chunk: string) {
        help += chunk;
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    await verifyCommand.run(['--help'], { stdout: sink, stderr: sink, stdin: process.stdin, env: {}, cwd: process.cwd() });
    expect(help).toContain('docs/DESIGN.md');
  });
});
