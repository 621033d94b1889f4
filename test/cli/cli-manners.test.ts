import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuild } from '../support/ensure-build.js';

// The built binary, as `npx vaxelia-otel` runs it, with a pinned environment.
const CLI = join(process.cwd(), 'dist/cli.js');
let work: string;

beforeAll(() => {
  ensureBuild();
  work = mkdtempSync(join(tmpdir(), 'vaxelia-cli-manners-'));
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '', LANG: 'C', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('vaxelia-otel manners', () => {
  it('--version and -v print the package version', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) expect(cli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(cli(['--help']).stdout).toMatch(/-v, --version/);
  });

  it('an unknown command or top-level option suggests the closest one, in two lines', () => {
    const typo = cli(['verfy', 'log.jsonl']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe("vaxelia-otel: unknown command 'verfy' (did you mean 'verify'?)\nRun `vaxelia-otel --help` for the commands.\n");
    expect(cli(['--verison']).stderr).toContain("unknown option '--verison' (did you mean '--version'?)");
    expect(cli(['gatway']).stderr).toContain("(did you mean 'gateway'?)");
    const far = cli(['frobnicate']);
    expect(far.stderr).toContain("unknown command 'frobnicate'\n");
    expect(far.stderr).not.toContain('did you mean');
  });

  it("an unknown flag suggests the command's closest flag instead of parseArgs's text", () => {
    const r = cli(['verify', '--jsn', 'log.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("vaxelia-otel verify: unknown option '--jsn' (did you mean '--json'?)\nRun `vaxelia-otel verify --help` for usage.\n");
    expect(cli(['serve', '--prot', '0']).stderr).toContain("unknown option '--prot' (did you mean '--port'?)");
    expect(cli(['serve', '--port']).stderr).toContain('vaxelia-otel serve: --port needs a value');
    expect(cli(['keygen', '--signing=yes']).stderr).toContain('--signing takes no value');
    expect(cli(['buffer', 'drian']).stderr).toContain("unknown action 'drian' (did you mean 'drain'?)");
    for (const r of [cli(['verify', '--jsn']), cli(['serve', '--port'])]) expect(r.stderr).not.toMatch(/ERR_PARSE_ARGS|To specify a positional/);
  });

  it('configuration errors name the flag or environment variable, never the library option', () => {
    const env = { VAXELIA_BUFFER_KEY: randomBytes(32).toString('base64'), VAXELIA_BUFFER_DIR: join(work, 'buffer') };
    const noUrl = cli(['gateway', '--port', '0'], env);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('--endpoint or VAXELIA_TENANT_API_URL');
    const insecure = cli(['gateway', '--port', '0', '--endpoint', 'http://decisions.example.com/v1/decisions'], env);
    expect(insecure.code).toBe(2);
    expect(insecure.stderr).toContain('--endpoint or VAXELIA_TENANT_API_URL must use https');
    expect(insecure.stderr).toContain('--allow-insecure-http');
    for (const r of [noUrl, insecure]) expect(r.stderr).not.toMatch(/tenantApiUrl|allowInsecureHttp/);
  });
});
