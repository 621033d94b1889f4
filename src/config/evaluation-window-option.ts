import { ConfigError } from '../errors.js';
import { readEnv } from './env.js';

export const ENV_EVALUATION_WINDOW = 'VAXELIA_EVALUATION_WINDOW_MS';
const MAX_WINDOW_MS = 60_000;

/** `evaluationWindowMs` ?? env ?? 0, validated: a whole number of milliseconds up to one minute. */
export function resolveEvaluationWindowMs(option: number | undefined): number {
  const raw = option ?? readEnv(ENV_EVALUATION_WINDOW);
  if (raw === undefined) return 0;
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > MAX_WINDOW_MS) {
    throw new ConfigError(`Option \`evaluationWindowMs\` (env ${ENV_EVALUATION_WINDOW}) must be a whole number of milliseconds from 0 to ${MAX_WINDOW_MS}.`);
  }
  return value;
}
