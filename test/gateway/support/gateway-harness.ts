import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AIDecision } from '../../../src/decision.js';
import { type Gateway, type GatewayOptions, startGateway } from '../../../src/gateway/index.js';
import { DecisionEndpoint } from '../../delivery/support/decision-endpoint.js';

export const API_KEY = 'canary-api-key-gw-7d1e';

/** A real decision-log endpoint plus gateways delivering to it, each with its own buffer dir. */
export class GatewayHarness {
  endpoint = new DecisionEndpoint();
  readonly gateways: Gateway[] = [];
  readonly bufferKey = randomBytes(32).toString('base64');

  async start(): Promise<this> {
    await this.endpoint.start();
    return this;
  }

  async gateway(extra: GatewayOptions = {}): Promise<Gateway> {
    const gateway = await startGateway({
      port: 0,
      tenantApiUrl: this.endpoint.url,
      apiKey: API_KEY,
      bufferKey: this.bufferKey,
      bufferDir: mkdtempSync(join(tmpdir(), 'vaxelia-gateway-')),
      aiSystemId: 'gateway-test',
      logger: () => {},
      baseDelayMs: 10,
      logWaitMs: 1500,
      ...extra,
    });
    this.gateways.push(gateway);
    return gateway;
  }

  /** Closes every gateway (flush), then the endpoint. */
  async stop(): Promise<void> {
    await Promise.all(this.gateways.map((g) => g.close()));
    await this.endpoint.stop();
  }

  received(): AIDecision[] {
    return this.endpoint.requests.map((r) => JSON.parse(r.body) as AIDecision);
  }

  decisions(): AIDecision[] {
    return this.received().filter((d) => d.operation !== 'checkpoint');
  }
}
