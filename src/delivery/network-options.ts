import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { Dispatcher } from 'undici';
import { readEnv } from '../config/env.js';
import { ConfigError } from '../errors.js';
import { parseHeaderList, validateExtraHeaders } from './extra-headers.js';

/** How requests reach the decision-log endpoint through the networks regulated companies run. */
export interface NetworkOptions {
  /**
   * Forward proxy URL (`http://host:port`, credentials as `http://user:password@host:port`); `false`
   * ignores the proxy environment variables. HTTPS goes through the proxy as a CONNECT tunnel, so
   * the proxy sees the host name, never the content.
   * @defaultValue env `HTTPS_PROXY` / `HTTP_PROXY` (by the URL's scheme, lower-case names too), skipped
   * for hosts in `NO_PROXY`; none when unset
   */
  proxy?: string | false;
  /**
   * PEM file of CA certificates trusted for the endpoint (and an https proxy) in addition to Node's
   * built-in roots: a private CA, or a TLS-inspecting gateway's.
   * @defaultValue env `VAXELIA_CA_FILE`; none
   */
  caFile?: string;
  /** PEM client certificate for mutual TLS; needs `clientKeyFile`. @defaultValue env `VAXELIA_CLIENT_CERT_FILE`; none */
  clientCertFile?: string;
  /** PEM private key of `clientCertFile` (unencrypted). @defaultValue env `VAXELIA_CLIENT_KEY_FILE`; none */
  clientKeyFile?: string;
  /**
   * Extra request headers (e.g. a gateway's tenant header). Values are treated as secrets: never
   * logged, never in an error. Cannot override Content-Type, Content-Length, Content-Encoding,
   * Idempotency-Key, Host or User-Agent.
   * @defaultValue env `VAXELIA_HEADERS` in the syntax of `OTEL_EXPORTER_OTLP_HEADERS`
   * (`name1=value1,name2=value2`, values percent-encoded); none
   */
  headers?: Record<string, string>;
  /** `gzip` compresses each body (the endpoint must accept `Content-Encoding: gzip`). @defaultValue env `VAXELIA_COMPRESSION`; `'none'` */
  compression?: 'gzip' | 'none';
}

export const NETWORK_ENV = {
  caFile: 'VAXELIA_CA_FILE',
  clientCertFile: 'VAXELIA_CLIENT_CERT_FILE',
  clientKeyFile: 'VAXELIA_CLIENT_KEY_FILE',
  headers: 'VAXELIA_HEADERS',
  compression: 'VAXELIA_COMPRESSION',
} as const;

export interface ResolvedNetwork {
  /**
   * Creates the undici dispatcher. undici is loaded on the first request, not when the package is
   * imported: its ~100 ms of module loading stays off an application's (or a function's cold) start.
   */
  createDispatcher(): Promise<Dispatcher>;
  headers: Record<string, string>;
  gzip: boolean;
  /** For a log line: how the endpoint is reached (proxy host and port only, never credentials). */
  route: string;
  /** A client certificate is configured (mTLS). */
  clientCertificate: boolean;
}

/** Resolves and validates every network option at construction; errors name the option and env var. */
export function resolveNetwork(options: NetworkOptions, target: URL, connections: number, timeoutMs: number): ResolvedNetwork {
  const tls = tlsOptions(options);
  const compression = options.compression ?? readEnv(NETWORK_ENV.compression) ?? 'none';
  if (compression !== 'gzip' && compression !== 'none') throw new ConfigError("`compression` / VAXELIA_COMPRESSION must be 'gzip' or 'none'.");
  const headers =
    options.headers !== undefined
      ? validateExtraHeaders(options.headers, '`headers`')
      : validateExtraHeaders(parseHeaderList(readEnv(NETWORK_ENV.headers) ?? '', 'VAXELIA_HEADERS'), 'VAXELIA_HEADERS');
  const gzip = compression === 'gzip';
  // headersTimeout/bodyTimeout bound each phase of a request by requestTimeoutMs.
  const agentOptions = { connections, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connect: { timeout: timeoutMs, ...tls } };
  const undici = () => import('undici');
  const clientCertificate = tls.cert !== undefined;
  if (options.proxy === false) return { createDispatcher: async () => new (await undici()).Agent(agentOptions), headers, gzip, clientCertificate, route: 'direct' };
  if (options.proxy !== undefined) {
    const proxy = parseProxyUrl(options.proxy, '`proxy`');
    return {
      createDispatcher: async () => new (await undici()).ProxyAgent({ ...agentOptions, uri: proxy.href, requestTls: tls, proxyTls: tls }),
      headers,
      gzip,
      clientCertificate,
      route: `proxy ${proxy.host}`,
    };
  }
  const envName = target.protocol === 'https:' ? firstSet(['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) : firstSet(['http_proxy', 'HTTP_PROXY']);
  if (envName === undefined) return { createDispatcher: async () => new (await undici()).Agent(agentOptions), headers, gzip, clientCertificate, route: 'direct' };
  for (const name of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) {
    const value = readEnv(name);
    if (value !== undefined) parseProxyUrl(value, name);
  }
  const proxy = new URL(readEnv(envName)!);
  // Read now (the dispatcher is made later); undici falls back from HTTPS_PROXY to HTTP_PROXY as
  // curl does and applies NO_PROXY per request.
  const envProxies = {
    httpProxy: readEnv('http_proxy') ?? readEnv('HTTP_PROXY'),
    httpsProxy: readEnv('https_proxy') ?? readEnv('HTTPS_PROXY') ?? readEnv('http_proxy') ?? readEnv('HTTP_PROXY'),
    noProxy: readEnv('no_proxy') ?? readEnv('NO_PROXY') ?? '',
  };
  return {
    createDispatcher: async () => {
      const { EnvHttpProxyAgent } = await undici();
      return new EnvHttpProxyAgent({ ...agentOptions, ...envProxies, requestTls: tls, proxyTls: tls } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]);
    },
    headers,
    gzip,
    clientCertificate,
    route: `proxy ${proxy.host} from ${envName} unless NO_PROXY matches`,
  };
}

function firstSet(names: string[]): string | undefined {
  return names.find((name) => readEnv(name) !== undefined);
}

/** Errors never quote the URL: it may carry proxy credentials. */
function parseProxyUrl(value: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${source} is not a valid proxy URL (expected http://host:port).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${source} must be an http:// or https:// proxy URL.`);
  return url;
}

function tlsOptions(options: NetworkOptions): { ca?: string[]; cert?: string; key?: string } {
  const caFile = options.caFile ?? readEnv(NETWORK_ENV.caFile);
  const certFile = options.clientCertFile ?? readEnv(NETWORK_ENV.clientCertFile);
  const keyFile = options.clientKeyFile ?? readEnv(NETWORK_ENV.clientKeyFile);
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError('`clientCertFile` / VAXELIA_CLIENT_CERT_FILE and `clientKeyFile` / VAXELIA_CLIENT_KEY_FILE go together: set both or neither.');
  }
  const tls: { ca?: string[]; cert?: string; key?: string } = {};
  if (caFile !== undefined) tls.ca = [...rootCertificates, readPem(caFile, '`caFile` / VAXELIA_CA_FILE', 'CERTIFICATE')];
  if (certFile !== undefined) tls.cert = readPem(certFile, '`clientCertFile` / VAXELIA_CLIENT_CERT_FILE', 'CERTIFICATE');
  if (keyFile !== undefined) tls.key = readPem(keyFile, '`clientKeyFile` / VAXELIA_CLIENT_KEY_FILE', 'PRIVATE KEY');
  return tls;
}

/** Reads a PEM file; the error names the option and the reason, never the file's content. */
function readPem(path: string, source: string, label: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${source}: cannot read the file (${(error as { code?: string }).code ?? 'error'}).`);
  }
  if (!text.includes(`-----BEGIN `) || !text.includes(label)) throw new ConfigError(`${source}: the file holds no PEM ${label}.`);
  return text;
}
