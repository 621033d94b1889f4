/**
 * Environment lookups, read lazily at construction (never at import: eager env parsing breaks tests
 * and apps that set variables after importing). Empty strings count as unset.
 */
export function readEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** `option ?? env ?? default`, the precedence of DESIGN.md §3. */
export function resolveOption<T>(option: T | undefined, envName: string, parse: (raw: string) => T, fallback: T): T;
export function resolveOption<T>(option: T | undefined, envName: string, parse: (raw: string) => T): T | undefined;
export function resolveOption<T>(
  option: T | undefined,
  envName: string,
  parse: (raw: string) => T,
  fallback?: T,
): T | undefined {
  if (option !== undefined) return option;
  const raw = readEnv(envName);
  return raw === undefined ? fallback : parse(raw);
}

export const ENV = {
  aiSystemId: 'VAXELIA_AI_SYSTEM_ID',
  tenantApiUrl: 'VAXELIA_TENANT_API_URL',
  apiKey: 'VAXELIA_API_KEY',
  bufferKey: 'VAXELIA_BUFFER_KEY',
  signingKey: 'VAXELIA_SIGNING_KEY',
  checkpointOrigin: 'VAXELIA_CHECKPOINT_ORIGIN',
  redactionKey: 'VAXELIA_REDACTION_KEY',
  bufferDir: 'VAXELIA_BUFFER_DIR',
} as const;
