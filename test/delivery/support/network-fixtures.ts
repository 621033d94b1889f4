import { execFileSync, type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { type AddressInfo, connect, createServer as createNetServer } from 'node:net';
import { join } from 'node:path';

/** Fails with the one command that installs a missing system tool (never a silent skip). */
export function requireTool(tool: 'tinyproxy' | 'openssl'): string {
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
  if (found === '') throw new Error(`${tool} is not installed: run \`apt-get install -y ${tool}\` (.ci/run does)`);
  return found;
}

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tinyproxy exited ${child.exitCode}: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A real tinyproxy (Debian's package) on a free port, with a config file written here. */
export class TinyProxy {
  private child: ChildProcess | undefined;
  port = 0;
  readonly logFile: string;

  constructor(
    private readonly dir: string,
    private readonly basicAuth?: { user: string; password: string },
  ) {
    this.logFile = join(dir, `tinyproxy-${Math.random().toString(36).slice(2)}.log`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const binary = requireTool('tinyproxy');
    this.port = await freePort();
    const config = join(this.dir, `tinyproxy-${this.port}.conf`);
    writeFileSync(
      config,
      [
        `Port ${this.port}`,
        'Listen 127.0.0.1',
        'Timeout 30',
        `LogFile "${this.logFile}"`,
        'LogLevel Info',
        'MaxClients 50',
        'Allow 127.0.0.1',
        'DisableViaHeader Yes',
        ...(this.basicAuth ? [`BasicAuth ${this.basicAuth.user} ${this.basicAuth.password}`] : []),
        '',
      ].join('\n'),
    );
    writeFileSync(this.logFile, '');
    // -d: stay in the foreground, so the test owns the process and kills it by its pid.
    this.child = spawn(binary, ['-d', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    this.child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    await waitForPort(this.port, this.child, () => stderr);
    return this;
  }

  /** CONNECT requests the proxy logged (tunnels it opened), as `host:port`. */
  tunnels(): string[] {
    return [...readFileSync(this.logFile, 'utf8').matchAll(/CONNECT (\S+) HTTP/g)].map((m) => m[1]!);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

export interface Pki {
  caFile: string;
  serverKey: string;
  serverCert: string;
  clientCertFile: string;
  clientKeyFile: string;
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with the openssl CLI. */
export function makePki(dir: string): Pki {
  const openssl = requireTool('openssl');
  const run = (...args: string[]) => execFileSync(openssl, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=vaxelia-test-ca');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  run('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  run('req', ...ec, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=vaxelia-client');
  run('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.pem', '-days', '2', '-extfile', 'client.ext');
  return {
    caFile: join(dir, 'ca.pem'),
    serverKey: readFileSync(join(dir, 'server.key'), 'utf8'),
    serverCert: readFileSync(join(dir, 'server.pem'), 'utf8'),
    clientCertFile: join(dir, 'client.pem'),
    clientKeyFile: join(dir, 'client.key'),
  };
}

/** An https decision endpoint that requires a client certificate signed by the test CA. */
export async function startMutualTlsEndpoint(pki: Pki): Promise<{ url: string; clients: string[]; server: HttpsServer }> {
  const clients: string[] = [];
  const server = createHttpsServer(
    { key: pki.serverKey, cert: pki.serverCert, ca: readFileSync(pki.caFile, 'utf8'), requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
      clients.push(String(peer.subject?.CN));
      req.resume();
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end('{}');
      });
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/v1/decisions`, clients, server };
}
