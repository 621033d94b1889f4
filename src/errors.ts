/**
 * Every error the library throws or rejects with. Messages name options and environment variables,
 * never their values: a secret must not reach a log through an error.
 */
export class VaxeliaError extends Error {
  override name: string = 'VaxeliaError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Invalid configuration, detected at construction. */
export class ConfigError extends VaxeliaError {
  override name = 'ConfigError' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super('VAXELIA_CONFIG', message, options);
  }
}

/** Buffering is on (the default) but no buffer key was given. */
export class MissingBufferKeyError extends VaxeliaError {
  override name = 'MissingBufferKeyError' as const;
  constructor() {
    super(
      'VAXELIA_MISSING_BUFFER_KEY',
      'No buffer key: set the `bufferKey` option or VAXELIA_BUFFER_KEY to a base64 32-byte key ' +
        '(`npx vaxelia-otel keygen` prints one). Decisions are never queued unencrypted.',
    );
  }
}

/** The buffer key is not base64 of exactly 32 bytes, or cannot decrypt the queue. */
export class InvalidBufferKeyError extends VaxeliaError {
  override name = 'InvalidBufferKeyError' as const;
  constructor(reason: string) {
    super('VAXELIA_INVALID_BUFFER_KEY', `Invalid buffer key (option \`bufferKey\` / VAXELIA_BUFFER_KEY): ${reason}`);
  }
}

/** A decision could be neither delivered nor durably queued. */
export class DecisionNotRecordedError extends VaxeliaError {
  override name = 'DecisionNotRecordedError' as const;
  readonly decisionId: string | undefined;
  constructor(message: string, decisionId?: string, options?: { cause?: unknown }) {
    super('VAXELIA_DECISION_NOT_RECORDED', message, options);
    this.decisionId = decisionId;
  }
}

/** The endpoint rejected a decision for good (a 4xx other than 408/429). */
export class PermanentRejectionError extends VaxeliaError {
  override name = 'PermanentRejectionError' as const;
  readonly status: number;
  readonly decisionId: string | undefined;
  constructor(status: number, reason: string, decisionId?: string) {
    super('VAXELIA_PERMANENT_REJECTION', `Decision-log endpoint rejected the decision with HTTP ${status}: ${reason}`);
    this.status = status;
    this.decisionId = decisionId;
  }
}

export function isVaxeliaError(value: unknown): value is VaxeliaError {
  return value instanceof VaxeliaError;
}
