import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from '../../src/cli/closest-name.js';

describe('closestName', () => {
  it('measures edits', () => {
    expect(editDistance('verfy', 'verify')).toBe(1);
    expect(editDistance('gateway', 'gatewya')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests a near name or the one a prefix names, and nothing for a far one', () => {
    const commands = ['verify', 'evidence', 'buffer', 'keygen', 'serve', 'gateway'];
    expect(closestName('verfy', commands)).toBe('verify');
    expect(closestName('gate', commands)).toBe('gateway');
    expect(closestName('sever', commands)).toBe('serve');
    expect(closestName('frobnicate', commands)).toBeUndefined();
    expect(closestName('--jsn', ['--json', '--public-key', '--help'])).toBe('--json');
  });
});
