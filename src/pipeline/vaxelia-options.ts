import type { ChainWriterOptions } from '../chain/writer/chain-writer.js';
import type { DeliveryServiceOptions } from '../delivery/delivery-service.js';
import type { ReportingOptions } from '../core/logger.js';
import type { DecisionLogOptions } from './decision-log-options.js';
import type { RedactorOptions } from '../redaction/types.js';

import type { ContentMode } from '../redaction/redact-decision.js';

export type { ContentMode };

export interface RedactionOptions extends RedactorOptions {
  /**
   * `redacted` keeps content with PII replaced; `hashed` keeps only a SHA-256 of each redacted
   * content field; `omitted` drops content (roles and part types stay). @defaultValue `'redacted'`
   */
  content?: ContentMode;
}

export interface ChainOptions extends Pick<ChainWriterOptions, 'chainId' | 'checkpointEvery' | 'checkpointIntervalMs' | 'checkpointOrigin'> {}

/**
 * Everything the processor, the exporter, the reporter and the gateway accept. DESIGN.md §3 names
 * the core options and their environment variables; the rest have defaults that suit production.
 */
export interface VaxeliaOptions
  extends DecisionLogOptions,
    Pick<ReportingOptions, 'errorsToStderr'>,
    Omit<DeliveryServiceOptions, 'queue' | 'afterCommit' | 'beforeSegmentDelete' | 'logger' | 'signingKey'> {
  /** Ed25519 private key (PKCS#8 PEM or base64 32-byte seed): records carry `signature`. Env `VAXELIA_SIGNING_KEY`. */
  signingKey?: string;
  /** PII redaction before hashing, queueing and sending. `false` turns it off (not for production). */
  redaction?: RedactionOptions | false;
  /** Secret of `hash`-mode pseudonyms. Env `VAXELIA_REDACTION_KEY`. */
  redactionKey?: string;
  /** Hash chain settings. `false` turns chaining off (tests and local debugging only). */
  chain?: ChainOptions | false;
}
