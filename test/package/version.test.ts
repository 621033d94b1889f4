import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACKAGE_VERSION, USER_AGENT } from '../../src/delivery/user-agent.js';

describe('package version', () => {
  it('the User-Agent and the meter carry the version package.json publishes', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(PACKAGE_VERSION).toBe(version);
    expect(USER_AGENT).toBe(`vaxelia-ai-otel/${version}`);
  });
});
