import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertSupportedNode, MINIMUM_NODE_VERSION } from '../../src/node-version-guard.js';

describe('the Node.js version guard', () => {
  it('says in engines what the guard enforces', () => {
    const { engines } = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
    expect(engines.node).toBe(`>=${MINIMUM_NODE_VERSION}`);
  });

  it('refuses an older Node.js with one line naming both versions', () => {
    for (const old of ['20.20.2', '22.14.0', '22.12.9', '18.0.0']) {
      let error: Error | undefined;
      try {
        assertSupportedNode(old);
      } catch (caught) {
        error = caught as Error;
      }
      expect(error?.message).toBe(`@vaxelia/ai-otel needs Node.js >= ${MINIMUM_NODE_VERSION}, this is Node.js ${old}: upgrade Node.js (Node 20 is end-of-life).`);
      expect(error?.stack?.split('\n')).toHaveLength(1);
    }
  });

  it('accepts the minimum and anything newer', () => {
    for (const ok of [MINIMUM_NODE_VERSION, '22.15.1', '22.20.0', '23.0.0', '24.22.3', '30.1.0']) expect(() => assertSupportedNode(ok)).not.toThrow();
  });
});
