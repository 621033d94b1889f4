/**
 * How a CLI user sets what the library calls an option: library errors name options
 * (`tenantApiUrl`), which a person at a shell does not type. The CLI rewrites them to the flag
 * and/or environment variable before printing.
 */
const CLI_SPELLING: Record<string, string> = {
  tenantApiUrl: '--endpoint or VAXELIA_TENANT_API_URL',
  allowInsecureHttp: '--allow-insecure-http',
  apiKey: 'VAXELIA_API_KEY',
  bufferKey: 'VAXELIA_BUFFER_KEY',
  bufferDir: 'VAXELIA_BUFFER_DIR',
  signingKey: 'VAXELIA_SIGNING_KEY',
  redactionKey: 'VAXELIA_REDACTION_KEY',
  aiSystemId: 'VAXELIA_AI_SYSTEM_ID',
  port: '--port',
  authToken: '--auth-token-env or VAXELIA_GATEWAY_AUTH_TOKEN',
};

const known = (option: string) => Object.hasOwn(CLI_SPELLING, option);
// Bare words are rewritten only for camelCase names: `port` is also an English word.
const CAMEL_CASE_NAMES = Object.keys(CLI_SPELLING)
  .filter((name) => /[A-Z]/.test(name))
  .join('|');

/** `message` with every library option name replaced by the flag or variable the CLI reads. */
export function inCliWords(message: string): string {
  return (
    message
      // "the `tenantApiUrl` option or VAXELIA_TENANT_API_URL", "option `signingKey` / VAXELIA_SIGNING_KEY",
      // "`tenantApiUrl` / VAXELIA_…": the library's pairs, whose variable the spelling already names.
      .replace(/(?:the )?(?:option )?`(\w+)`(?: option)? (?:or|\/) [A-Z][A-Z0-9_]+/g, (whole, option: string) => (known(option) ? CLI_SPELLING[option]! : whole))
      .replace(/\b[Oo]ption `(\w+)`/g, (whole, option: string) => (known(option) ? CLI_SPELLING[option]! : whole))
      .replace(/`(\w+)`/g, (whole, option: string) => (known(option) ? CLI_SPELLING[option]! : whole))
      .replace(new RegExp(`\\b(${CAMEL_CASE_NAMES})\\b`, 'g'), (option: string) => CLI_SPELLING[option]!)
  );
}
