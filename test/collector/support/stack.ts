/**
 * The deployment of examples/collector, started from its own files: a reference decision-log server
 * (`vaxelia-otel serve`), N `vaxelia-otel gateway` processes each with a sidecar Collector
 * (otelcol-sidecar.yaml), and the front Collector (otelcol-config.yaml) with the loadbalancing
 * exporter over the sidecars. Every process is real; only ports and folders are the test's.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Child, spawnChild } from './child.js';

export const ROOT = process.cwd();
export const CLI = join(ROOT, 'dist/cli.js');
export const EXAMPLES = join(ROOT, 'examples/collector');
export const FRONT_CONFIG = join(EXAMPLES, 'otelcol-config.yaml');
export const SIDECAR_CONFIG = join(EXAMPLES, 'otelcol-sidecar.yaml');
export const APPS = join(ROOT, 'test/collector/apps');
export const AI_SYSTEM_ID = 'collector-e2e-system';

const READY = /Everything is ready\. Begin running and processing data\./;

export function collectorBinary(): string {
  const bin = process.env.VAXELIA_COLLECTOR_BIN;
  if (!bin) throw new Error('VAXELIA_COLLECTOR_BIN is not set: run the suite with `npm run test:collector` (its setup builds the Collector)');
  return bin;
}

/** A free TCP port on 127.0.0.1, for processes that must come back on the same port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export type DecisionRecord = Record<string, unknown> & { decisionId: string; chainId: string; seq: number; operation?: string };

export interface GatewayNode {
  readonly index: number;
  readonly port: number;
  readonly url: string;
  readonly bufferDir: string;
  gateway: Child;
  readonly sidecarGrpcPort: number;
  readonly sidecarStorageDir: string;
  sidecar: Child;
  /** The sidecar Collector's Prometheus metrics port (otelcol_exporter_sent_spans_total, …). */
  sidecarMetricsPort: number;
}

export interface StackOptions {
  gateways?: number;
  /** Extra `vaxelia-otel gateway` flags (e.g. `--max-queue-depth 3`). */
  gatewayArgs?: string[];
  /** Start the reference server later (`startServer()`), e.g. to fill the gateways' queues first. */
  deferServer?: boolean;
  /** Another front Collector configuration file (default: examples/collector/otelcol-config.yaml). */
  frontConfig?: string;
}

export class CollectorStack {
  readonly dir = mkdtempSync(join(tmpdir(), 'vaxelia-collector-'));
  readonly apiKey = randomBytes(16).toString('hex');
  readonly gatewayToken = randomBytes(16).toString('hex');
  readonly bufferKey = randomBytes(32).toString('base64');
  readonly nodes: GatewayNode[] = [];
  server?: Child;
  front!: Child;
  serverPort = 0;
  frontHttpPort = 0;
  private frontGrpcPort = 0;
  private frontStorageDir = '';

  private constructor(private readonly options: StackOptions) {}

  static async start(options: StackOptions = {}): Promise<CollectorStack> {
    const stack = new CollectorStack(options);
    try {
      await stack.boot();
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  get serverUrl(): string {
    return `http://127.0.0.1:${this.serverPort}`;
  }

  /** Where apps export: the front Collector's OTLP/HTTP receiver. */
  get otlpEndpoint(): string {
    return `http://127.0.0.1:${this.frontHttpPort}`;
  }

  private async boot(): Promise<void> {
    this.serverPort = await freePort();
    if (!this.options.deferServer) await this.startServer();
    const count = this.options.gateways ?? 3;
    for (let index = 0; index < count; index++) {
      const port = await freePort();
      const sidecarGrpcPort = await freePort();
      const node: GatewayNode = {
        index,
        port,
        url: `http://127.0.0.1:${port}`,
        bufferDir: join(this.dir, `gateway-${index}`),
        sidecarGrpcPort,
        sidecarStorageDir: join(this.dir, `sidecar-${index}`),
        gateway: undefined as unknown as Child,
        sidecar: undefined as unknown as Child,
        sidecarMetricsPort: 0,
      };
      this.nodes.push(node);
    }
    await Promise.all(this.nodes.map((node) => this.startGateway(node)));
    await Promise.all(this.nodes.map((node) => this.startSidecar(node)));
    this.frontHttpPort = await freePort();
    this.frontGrpcPort = await freePort();
    this.frontStorageDir = join(this.dir, 'front');
    await this.startFront();
  }

  async startServer(): Promise<void> {
    this.server = spawnChild('serve', process.execPath, [CLI, 'serve', '--port', String(this.serverPort), '--db', join(this.dir, 'decision-log.sqlite'), '--ingest-key-env', 'SERVE_KEY', '--read-key-env', 'SERVE_READ_KEY'], {
      SERVE_KEY: this.apiKey,
      SERVE_READ_KEY: `read-${this.apiKey}`,
    });
    await this.server.waitFor(/listening on http/);
  }

  async startGateway(node: GatewayNode): Promise<void> {
    node.gateway = spawnChild(
      `gateway-${node.index}`,
      process.execPath,
      [CLI, 'gateway', '--port', String(node.port), '--auth-token-env', 'GATEWAY_TOKEN', ...(this.options.gatewayArgs ?? [])],
      {
        GATEWAY_TOKEN: this.gatewayToken,
        VAXELIA_TENANT_API_URL: `${this.serverUrl}/v1/decisions`,
        VAXELIA_API_KEY: this.apiKey,
        VAXELIA_BUFFER_KEY: this.bufferKey,
        VAXELIA_BUFFER_DIR: node.bufferDir,
        VAXELIA_AI_SYSTEM_ID: AI_SYSTEM_ID,
      },
    );
    await node.gateway.waitFor(/gateway listening on http/);
  }

  async startSidecar(node: GatewayNode): Promise<void> {
    const metricsPort = await freePort();
    node.sidecarMetricsPort = metricsPort;
    node.sidecar = spawnChild(`sidecar-${node.index}`, collectorBinary(), ['--config', SIDECAR_CONFIG], {
      OTELCOL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${node.sidecarGrpcPort}`,
      OTELCOL_STORAGE_DIR: node.sidecarStorageDir,
      OTELCOL_METRICS_PORT: String(metricsPort),
      VAXELIA_GATEWAY_URL: node.url,
      VAXELIA_GATEWAY_AUTH_TOKEN: this.gatewayToken,
    });
    await node.sidecar.waitFor(READY);
  }

  async startFront(config = this.options.frontConfig ?? FRONT_CONFIG): Promise<void> {
    const metricsPort = await freePort();
    const env: Record<string, string> = {
      OTELCOL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${this.frontHttpPort}`,
      OTELCOL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${this.frontGrpcPort}`,
      OTELCOL_STORAGE_DIR: this.frontStorageDir,
      OTELCOL_METRICS_PORT: String(metricsPort),
    };
    // The example names three backends; a smaller stack repeats its last sidecar (one ring member each).
    for (let i = 0; i < 3; i++) env[`VAXELIA_GATEWAY_${i + 1}`] = `127.0.0.1:${this.nodes[Math.min(i, this.nodes.length - 1)]!.sidecarGrpcPort}`;
    this.front = spawnChild('front', collectorBinary(), ['--config', config], env);
    await this.front.waitFor(READY);
  }

  /** Polls a gateway's GET /readyz until its answer matches `re` (e.g. its not-ready reason). */
  async waitForReadyz(node: GatewayNode, re: RegExp, timeoutMs = 60_000): Promise<string> {
    const started = Date.now();
    for (;;) {
      const res = await fetch(`${node.url}/readyz`).catch(() => undefined);
      const text = res ? `${res.status} ${await res.text()}` : 'unreachable';
      if (re.test(text)) return text;
      if (Date.now() - started > timeoutMs) throw new Error(`gateway-${node.index} /readyz never matched ${re} (last: ${text})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Every stored record of the reference server, through its JSONL export (what `verify` reads). */
  async records(): Promise<DecisionRecord[]> {
    const res = await fetch(`${this.serverUrl}/v1/decisions?format=jsonl`, { headers: { authorization: `Bearer read-${this.apiKey}` } });
    if (res.status !== 200) throw new Error(`export failed: HTTP ${res.status}`);
    return (await res.text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as DecisionRecord);
  }

  /** Decisions (checkpoints left out) once `done(decisions)` holds; polls the server's export. */
  async waitForDecisions(done: (decisions: DecisionRecord[]) => boolean, timeoutMs = 120_000): Promise<DecisionRecord[]> {
    const started = Date.now();
    for (;;) {
      const decisions = (await this.records()).filter((r) => r.operation !== 'checkpoint');
      if (done(decisions)) return decisions;
      if (Date.now() - started > timeoutMs) throw new Error(`only ${decisions.length} decisions after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** `vaxelia-otel verify` on the server's JSONL export, as a third party would run it. */
  async verifyWithCli(): Promise<{ code: number | null; output: string }> {
    const res = await fetch(`${this.serverUrl}/v1/decisions?format=jsonl`, { headers: { authorization: `Bearer read-${this.apiKey}` } });
    const file = join(this.dir, `export-${Date.now()}.jsonl`);
    writeFileSync(file, await res.text());
    const verify = spawnChild('verify', process.execPath, [CLI, 'verify', file], {});
    const { code } = await verify.exited;
    return { code, output: verify.output() };
  }

  /** Runs an app to completion; resolves its stdout lines. */
  async runApp(name: string, command: string, args: string[], env: Record<string, string>): Promise<string[]> {
    const app = spawnChild(name, command, args, { OTEL_EXPORTER_OTLP_ENDPOINT: this.otlpEndpoint, PYTHONDONTWRITEBYTECODE: '1', ...env }, APPS);
    const { code } = await app.exited;
    if (code !== 0) throw new Error(`${name} exited with ${code}: ${app.output().slice(-3000)}`);
    return app.stdout().split('\n').filter(Boolean);
  }

  /** Ends every process (kill -9: nothing here needs a clean stop) and removes the folders. */
  async stop(): Promise<void> {
    const children = [this.front, ...this.nodes.flatMap((n) => [n.sidecar, n.gateway]), this.server].filter((c): c is Child => c !== undefined);
    await Promise.all(children.map((child) => child.kill9()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
