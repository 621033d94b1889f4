import { checkContentSwitches, checkEsmHook, checkInstrumentations, checkSampler } from '../../doctor/app-checks.js';
import { checkBufferDir, checkConfiguration, checkEndpoint } from '../../doctor/config-checks.js';
import type { Finding } from '../../doctor/finding.js';
import { parseCommandArgs, UsageError, writeLine } from '../cli-args.js';
import type { CliCommand } from '../cli-io.js';

const HELP = `Usage: vaxelia-otel doctor [--json]

Run in your app's directory, with its environment: checks what silently stops AI decisions from being
recorded, and prints each finding with its fix.

  configuration and keys (never printed), the decision-log endpoint (reachable, accepting the API key:
  an empty probe, nothing is recorded), the buffer directory, installed GenAI instrumentations against
  the installed clients, content-capture switches, a sampler that would drop AI spans, an ES-module
  app started without the instrumentation loader hook.

  --json      machine-readable output
  -h, --help  show this help

Exit code: 0 nothing wrong, 1 something to fix (warnings included), 2 usage error.
`;

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'check the setup for what silently stops decisions being recorded',
  async run(args, io) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } }, HELP, io);
    if (!parsed) return 0;
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
    const findings: Finding[] = [...checkConfiguration(io.env)];
    const endpoint = await checkEndpoint(io.env);
    if (endpoint) findings.push(endpoint);
    findings.push(checkBufferDir(io.env), ...checkInstrumentations(io.cwd), ...checkContentSwitches(io.cwd, io.env), checkSampler(io.env));
    const esm = checkEsmHook(io.cwd, io.env);
    if (esm) findings.push(esm);
    const healthy = findings.every((f) => f.status === 'ok');
    if (parsed.values.json) writeLine(io.stdout, JSON.stringify({ ok: healthy, findings }));
    else {
      for (const f of findings) {
        writeLine(io.stdout, `${f.status === 'ok' ? 'ok   ' : f.status === 'warn' ? 'WARN ' : 'ERROR'} ${f.check}: ${f.message}`);
        if (f.fix) writeLine(io.stdout, `      fix: ${f.fix}`);
      }
      writeLine(io.stdout, healthy ? 'doctor: nothing wrong found' : `doctor: ${findings.filter((f) => f.status !== 'ok').length} finding(s) to fix`);
    }
    return healthy ? 0 : 1;
  },
};
