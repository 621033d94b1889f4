import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createChainWriter } from '../../src/chain/writer/chain-writer.js';
import { verifyChain } from '../../src/chain/verify/verify-chain.js';
import type { CliIO } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import type { AIDecision } from '../../src/decision.js';
import { decision, tempDir } from '../chain/chain-fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'vaxelia-verify-lines-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function verifyFile(content: string | Buffer, stdin = false): Promise<{ code: number; result: ReturnType<typeof verifyChain> }> {
  const out: string[] = [];
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  stdout.on('data', (c) => out.push(String(c)));
  const input = new PassThrough();
  const io: CliIO = { stdout, stderr: new PassThrough(), stdin: input, env: {}, cwd: work };
  const file = join(work, 'log.jsonl');
  writeFileSync(file, content);
  if (stdin) input.end(content);
  const code = await runCli(['verify', stdin ? '-' : file, '--json'], io);
  return { code, result: JSON.parse(out.join('')) };
}

// Long records (well over one 512 KiB read in all), so that lines straddle reads.
const filler = 'x'.repeat(3000);
const asciiLines = linesOf((i) => decision(i, { modelUsed: `${filler}${i}` }));
const accentedLines = linesOf((i) => decision(i, { modelUsed: `${filler}${i % 7 === 0 ? 'modèle ✓' : ''}` }));

function linesOf(make: (i: number) => AIDecision): string[] {
  const { dir, cleanup } = tempDir();
  try {
    const writer = createChainWriter({ dir, chainId: 'big', checkpointEvery: 50, now: () => Date.UTC(2025, 0, 1) });
    const out = Array.from({ length: 400 }, (_, i) => writer.append(make(i))).flat();
    out.push(writer.checkpoint({ final: true })!);
    return out.map((r) => JSON.stringify(r));
  } finally {
    cleanup();
  }
}

describe('vaxelia-otel verify reads lines in place from its reads', () => {
  it('verifies a log larger than one read, ASCII or not, from a file and from stdin', async () => {
    for (const lines of [asciiLines, accentedLines]) {
      const content = `${lines.join('\n')}\n`;
      expect(content.length).toBeGreaterThan(2 * 512 * 1024);
      for (const stdin of [false, true]) {
        const { code, result } = await verifyFile(content, stdin);
        expect(result.problems).toEqual([]);
        expect(code).toBe(0);
        expect(result.count).toBe(lines.length);
      }
    }
  });

  it('takes a byte order mark, CRLF endings, blank lines and no final newline', async () => {
    const content = `\ufeff${accentedLines.join('\r\n\r\n')}`;
    const { code, result } = await verifyFile(content);
    expect(result.problems).toEqual([]);
    expect(code).toBe(0);
  });

  it('reports what parse + canonicalise reports, with line numbers, for broken lines anywhere', async () => {
    const lines = [...accentedLines];
    lines[3] = lines[3]!.replace('"sys-1"', '"sys-2"'); // edited, canonical-looking
    lines[120] = lines[120]!.replace('"latencyMs":12.5', '"latencyMs": 12.5'); // not canonical, same content
    lines[200] = '{"not": "a record"'; // not JSON
    lines[300] = lines[300]!.replace('"chainId":"big"', '"chainId":"b\u0001ig"'); // a raw control character: not JSON
    const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    const { code, result } = await verifyFile(bytes);
    expect(code).toBe(1);
    const parsed = lines.flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return [];
      }
    });
    const reference = verifyChain(parsed).problems;
    const notJson = [201, 301].map((n) => ({ chainId: '', seq: -1, kind: 'malformed', detail: `line ${n}: not JSON` }));
    expect(result.problems).toEqual([...notJson, ...reference.filter((p) => p.chainId !== '')]);
    expect(result.problems.map((p) => `${p.kind}@${p.seq}`)).toContain('edited@3');
    expect(result.problems.map((p) => p.seq)).not.toContain(120);
  });

  it('cuts invalid UTF-8 like decoding does', async () => {
    const line = Buffer.from(asciiLines[0]!.replace('"sys-1"', '"sys-\u00ff"'), 'utf8');
    const invalid = Buffer.from(line.toString('latin1').replace('\u00c3\u00bf', '\u00ff'), 'latin1'); // a lone 0xFF byte
    const { result } = await verifyFile(Buffer.concat([invalid, Buffer.from('\n')]));
    const reference = verifyChain([JSON.parse(invalid.toString('utf8'))]);
    expect(result.problems).toEqual(reference.problems);
    expect(result.problems.map((p) => p.kind)).toEqual(['edited']);
  });
});
