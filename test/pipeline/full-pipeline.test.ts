import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/chain/verify/verify-chain.js';
import type { VaxeliaOptions } from '../../src/pipeline/vaxelia-options.js';
import type { AIDecision } from '../../src/decision.js';
import { ConfigError, InvalidBufferKeyError, MissingBufferKeyError, PermanentRejectionError } from '../../src/errors.js';
import { ComplianceReporter } from '../../src/processor/compliance-reporter.js';
import { DecisionLogExporter } from '../../src/processor/decision-log-exporter.js';
import { DecisionLogSpanProcessor } from '../../src/processor/decision-log-span-processor.js';
import { DecisionEndpoint } from '../delivery/support/decision-endpoint.js';

const PII_PROMPT = 'My email is jane.doe@example.com, card 4111 1111 1111 1111, call me at +1 415-555-0132';
const API_KEY = 'canary-api-key-5b1f0c';

let endpoint: DecisionEndpoint;
let bufferDir: string;
let bufferKey: string;

beforeEach(async () => {
  endpoint = await new DecisionEndpoint().start();
  bufferDir = mkdtempSync(join(tmpdir(), 'vaxelia-pipeline-'));
  bufferKey = randomBytes(32).toString('base64');
});
afterEach(async () => {
  await endpoint.stop();
});

function options(extra: VaxeliaOptions = {}): VaxeliaOptions {
  return { tenantApiUrl: endpoint.url, apiKey: API_KEY, bufferKey, bufferDir, aiSystemId: 'loan-assistant', logger: () => {}, baseDelayMs: 10, ...extra };
}

function chatSpan(provider: TracerProvider, prompt = PII_PROMPT) {
  provider
    .getTracer('@opentelemetry/instrumentation-openai')
    .startSpan('chat gpt-4o', {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: prompt }] }]),
      },
    })
    .end();
}

function received(): AIDecision[] {
  return endpoint.requests.map((r) => JSON.parse(r.body) as AIDecision);
}

describe('processor → redaction → chain → delivery → endpoint', () => {
  it('delivers redacted, chained decisions with the contract headers', async () => {
    const processor = new DecisionLogSpanProcessor(options());
    const provider = new TracerProvider({ spanProcessors: [processor] });
    for (let i = 0; i < 5; i++) chatSpan(provider);
    await processor.forceFlush();
    await provider.shutdown();

    const records = received();
    const decisions = records.filter((d) => d.operation === 'chat');
    expect(decisions).toHaveLength(5);
    for (const request of endpoint.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(request.headers['content-type']).toMatch(/^application\/json/);
      expect(request.idempotencyKey).toBe(JSON.parse(request.body).decisionId);
      expect(request.body).not.toContain('jane.doe@example.com');
      expect(request.body).not.toContain('4111 1111 1111 1111');
      expect(request.body).not.toContain('415-555-0132');
    }
    expect(decisions[0]!.input.messages[0]!.parts[0]!.content).toBe('My email is [EMAIL], card [CREDIT_CARD], call me at [PHONE]');
    expect(decisions[0]!.redaction).toEqual({ mode: 'redact', counts: { EMAIL: 1, CREDIT_CARD: 1, PHONE: 1 } });
    // A final checkpoint closes the chain at shutdown, and the whole log verifies.
    expect(records.some((d) => d.operation === 'checkpoint')).toBe(true);
    const verdict = verifyChain(records);
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
  });

  it('a restarted process continues its chain from the persisted head', async () => {
    for (let run = 0; run < 2; run++) {
      const processor = new DecisionLogSpanProcessor(options());
      const provider = new TracerProvider({ spanProcessors: [processor] });
      for (let i = 0; i < 3; i++) chatSpan(provider, `run ${run} call ${i}`);
      await provider.shutdown();
    }
    const records = received();
    expect(new Set(records.map((d) => d.chainId)).size).toBe(1);
    expect(records.map((d) => d.seq).sort((a, b) => a! - b!)).toEqual(records.map((_, i) => i));
    expect(verifyChain(records).ok).toBe(true);
  });

  it('with the endpoint down, decisions wait encrypted on disk (no plaintext) and drain when it returns', async () => {
    await endpoint.stop();
    const processor = new DecisionLogSpanProcessor(options({ maxAttempts: 1, shutdownTimeoutMs: 500 }));
    const provider = new TracerProvider({ spanProcessors: [processor] });
    for (let i = 0; i < 10; i++) chatSpan(provider);
    await processor.forceFlush();
    await provider.shutdown();
    for (const file of walk(bufferDir)) {
      const bytes = readFileSync(file);
      expect(bytes.includes('jane.doe')).toBe(false);
      expect(bytes.includes('Bearer')).toBe(false);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    await endpoint.start(endpoint.port);
    const reporter = new ComplianceReporter(options());
    const flushed = await reporter.flushBuffer();
    await reporter.shutdown();
    expect(flushed.remaining).toBe(0);
    expect(received().filter((d) => d.operation === 'chat')).toHaveLength(10);
    expect(endpoint.uniqueAccepted).toBe(endpoint.requests.length);
  });
});

describe('DecisionLogExporter under a BatchSpanProcessor', () => {
  it('exports AI spans as decisions and skips the rest', async () => {
    const exporter = new DecisionLogExporter(options());
    const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: exporter as never })] });
    provider.getTracer('app').startSpan('GET /health').end();
    chatSpan(provider);
    await provider.forceFlush();
    await provider.shutdown();
    const decisions = received().filter((d) => d.operation === 'chat');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]!.modelUsed).toBe('gpt-4o');
  });
});

describe('ComplianceReporter', () => {
  it('records a human sign-off linked to the AI decision it reviews, on the same chain', async () => {
    const reporter = new ComplianceReporter(options());
    const result = await reporter.logDecision({
      operation: 'human_review',
      input: 'Model recommended: decline (debt ratio 0.61). Reviewer: jane.doe@example.com',
      output: 'Approved with conditions',
      relatedDecisionId: 'c3df7bb7-c24c-5c73-a8e4-387c3a129608',
      humanOversight: { reviewerId: 'r-42', outcome: 'override' },
    });
    expect(result).toMatchObject({ outcome: 'delivered', delivered: true, buffered: false });
    expect(result.hash).toMatch(/^[0-9a-f]{64}$/);
    await reporter.shutdown();
    const [decision] = received();
    expect(decision).toMatchObject({ decisionId: result.decisionId, hash: result.hash, modelUsed: 'none', relatedDecisionId: 'c3df7bb7-c24c-5c73-a8e4-387c3a129608' });
    expect(JSON.stringify(decision)).not.toContain('jane.doe@example.com');
  });

  it('resolves buffered when the endpoint is down, rejects PermanentRejectionError on 422', async () => {
    const reporter = new ComplianceReporter(options({ maxAttempts: 2 }));
    endpoint.fallback = { kind: 'status', status: 503 };
    await expect(reporter.logDecision({ input: 'a', output: 'b' })).resolves.toMatchObject({ outcome: 'buffered' });
    endpoint.fallback = { kind: 'status', status: 422, body: '{"error":"bad"}' };
    await expect(reporter.logDecision({ input: 'a', output: 'b' })).rejects.toBeInstanceOf(PermanentRejectionError);
    await reporter.shutdown();
  });

  it('rejects a malformed decision with DecisionNotRecordedError naming the field', async () => {
    const reporter = new ComplianceReporter(options());
    await expect(reporter.logDecision({ status: 'maybe' as never })).rejects.toThrow(/decision\.status/);
    await reporter.shutdown();
  });
});

describe('configuration fails at construction, naming option and env var, never the value', () => {
  it('no buffer key', () => {
    expect(() => new DecisionLogSpanProcessor(options({ bufferKey: undefined }))).toThrow(MissingBufferKeyError);
  });
  it('a buffer key that is not 32 bytes', () => {
    const secret = Buffer.alloc(16, 1).toString('base64');
    const error = captureError(() => new DecisionLogSpanProcessor(options({ bufferKey: secret })));
    expect(error).toBeInstanceOf(InvalidBufferKeyError);
    expect(error.message).toContain('VAXELIA_BUFFER_KEY');
    expect(error.message).not.toContain(secret);
  });
  it('plain http to a non-loopback host', () => {
    const error = captureError(() => new DecisionLogSpanProcessor(options({ tenantApiUrl: 'http://decisions.example.com/v1' })));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/allowInsecureHttp/);
  });
  it('no endpoint at all', () => {
    const error = captureError(() => new DecisionLogSpanProcessor(options({ tenantApiUrl: undefined })));
    expect(error.message).toContain('VAXELIA_TENANT_API_URL');
  });
});

function captureError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : [],
  );
}
