import type { CliCommand } from '../cli-io.js';

/** A command whose module is imported only when it runs. */
export interface LazyCommand extends CliCommand {
  load(): Promise<CliCommand>;
}

/**
 * Every `vaxelia-otel <command>`, in the order `--help` lists them. A command's module is loaded only
 * when it runs, so `verify` starts without the gateway's protobuf schema or the server's SQLite
 * (test/cli checks that name and summary match the module's). To add one, export a `CliCommand` from
 * a file in this folder and list it here.
 */
export const COMMANDS: readonly LazyCommand[] = [
  lazy('verify', 'verify the hash chains of a decision log or evidence pack', async () => (await import('./verify.js')).verifyCommand),
  lazy(
    'checkpoint',
    'print the latest checkpoint of a chain as a signed tlog-checkpoint note',
    async () => (await import('./checkpoint.js')).checkpointCommand,
  ),
  lazy('evidence', 'build an evidence pack (EU AI Act controls) from a decision log', async () => (await import('./evidence.js')).evidenceCommand),
  lazy('buffer', 'status, drain, purge or redrive the encrypted decision queue', async () => (await import('./buffer.js')).bufferCommand),
  lazy('keygen', 'print a new buffer key, or an Ed25519 signing key pair (--signing)', async () => (await import('./keygen.js')).keygenCommand),
  lazy('serve', 'run the reference decision-log server (SQLite) with its evidence report', async () => (await import('./serve.js')).serveCommand),
  lazy(
    'gateway',
    'OTLP/HTTP receiver for an OpenTelemetry Collector: records AI spans from any language',
    async () => (await import('./gateway.js')).gatewayCommand,
  ),
  lazy('doctor', 'check the setup for what silently stops decisions being recorded', async () => (await import('./doctor.js')).doctorCommand),
];

function lazy(name: string, summary: string, load: () => Promise<CliCommand>): LazyCommand {
  return { name, summary, load, run: async (args, io) => (await load()).run(args, io) };
}
