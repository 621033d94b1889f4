import { diag } from '@opentelemetry/api';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Where the delivery layer reports. Fields carry counts, ids, status codes and ages — never decision
 * content and never a secret. The default forwards to OpenTelemetry's `diag`.
 */
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

export const diagLogger: Logger = (level, message, fields) => {
  const args = fields === undefined ? [] : [fields];
  switch (level) {
    case 'debug':
      diag.debug(message, ...args);
      break;
    case 'info':
      diag.info(message, ...args);
      break;
    case 'warn':
      diag.warn(message, ...args);
      break;
    case 'error':
      diag.error(message, ...args);
      break;
  }
};

/** A logger that can never throw into the delivery path. */
export function safeLogger(logger: Logger | undefined): Logger {
  const target = logger ?? diagLogger;
  return (level, message, fields) => {
    try {
      target(level, message, fields);
    } catch {
      // a failing logger must not break delivery
    }
  };
}
