import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findIncompatibleClients } from '../../src/processor/client-compatibility.js';

function appWith(packages: Record<string, string>): string {
  const app = mkdtempSync(join(tmpdir(), 'vaxelia-compat-'));
  for (const [name, version] of Object.entries(packages)) {
    mkdirSync(join(app, 'node_modules', name), { recursive: true });
    writeFileSync(join(app, 'node_modules', name, 'package.json'), JSON.stringify({ name, version }));
  }
  mkdirSync(join(app, 'src'));
  return join(app, 'src');
}

describe('instrumentation / client pairs that record nothing', () => {
  it('instrumentation-openai 0.22 with openai 7: found, with what to do', () => {
    const [finding, ...rest] = findIncompatibleClients(appWith({ '@opentelemetry/instrumentation-openai': '0.22.0', openai: '7.10.0' }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ clientVersion: '7.10.0', instrumentationVersion: '0.22.0' });
    expect(finding!.message).toMatch(/patches openai >=4\.19\.0 <7 only; openai 7\.10\.0 is installed/);
  });

  it('openai 6, a newer instrumentation, or no instrumentation: nothing to say', () => {
    expect(findIncompatibleClients(appWith({ '@opentelemetry/instrumentation-openai': '0.22.0', openai: '6.49.0' }))).toEqual([]);
    expect(findIncompatibleClients(appWith({ '@opentelemetry/instrumentation-openai': '0.23.0', openai: '7.0.0' }))).toEqual([]);
    expect(findIncompatibleClients(appWith({ openai: '7.0.0' }))).toEqual([]);
  });
});
