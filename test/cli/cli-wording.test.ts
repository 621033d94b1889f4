import { describe, expect, it } from 'vitest';
import { inCliWords } from '../../src/cli/cli-wording.js';

describe('inCliWords', () => {
  it("rewrites the library's option names into the flags and variables a CLI user sets", () => {
    expect(inCliWords('No decision-log URL: set the `tenantApiUrl` option or VAXELIA_TENANT_API_URL.')).toBe(
      'No decision-log URL: set --endpoint or VAXELIA_TENANT_API_URL.',
    );
    expect(
      inCliWords('`tenantApiUrl` / VAXELIA_TENANT_API_URL must use https (plain http is accepted only for loopback hosts unless `allowInsecureHttp` is set).'),
    ).toBe('--endpoint or VAXELIA_TENANT_API_URL must use https (plain http is accepted only for loopback hosts unless --allow-insecure-http is set).');
    expect(inCliWords('No buffer key: set the `bufferKey` option or VAXELIA_BUFFER_KEY to a base64 32-byte key')).toBe(
      'No buffer key: set VAXELIA_BUFFER_KEY to a base64 32-byte key',
    );
    expect(inCliWords('signing key (option `signingKey` / VAXELIA_SIGNING_KEY): not an Ed25519 key')).toBe('signing key (VAXELIA_SIGNING_KEY): not an Ed25519 key');
    expect(inCliWords('Option `port` must be a port number (0-65535).')).toBe('--port must be a port number (0-65535).');
    expect(inCliWords('HTTP 301 redirect not followed (check tenantApiUrl)')).toBe('HTTP 301 redirect not followed (check --endpoint or VAXELIA_TENANT_API_URL)');
  });

  it('leaves other text alone', () => {
    expect(inCliWords('a port number, `somethingElse`, transport')).toBe('a port number, `somethingElse`, transport');
  });
});
