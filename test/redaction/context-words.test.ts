import { describe, expect, it } from 'vitest';
import { contextWords, hasContextWord } from '../../src/redaction/detectors/context-words.js';

describe('hasContextWord', () => {
  const words = contextWords(['tel', 'telephone', 'ss#', 'soc. sec', 'número']);

  it('finds a word at the start or after a non-word character, whatever the list order', () => {
    expect(hasContextWord('tel: ', words)).toBe(true);
    expect(hasContextWord('call (telephone) ', words)).toBe(true);
    expect(hasContextWord('mi número es ', words)).toBe(true);
    expect(hasContextWord('the ss# is ', words)).toBe(true);
  });

  it('lets a word continue on its right but not on its left', () => {
    expect(hasContextWord('telefax ', words)).toBe(true);
    expect(hasContextWord('hotel ', words)).toBe(false);
    expect(hasContextWord('xss# ', words)).toBe(false);
    expect(hasContextWord('éltel ', words)).toBe(false);
  });

  it('checks every occurrence, not only the first', () => {
    expect(hasContextWord('hotel, motel, tel ', words)).toBe(true);
    expect(hasContextWord('hotelephone tel', words)).toBe(true);
  });

  it('treats regex metacharacters in words literally', () => {
    expect(hasContextWord('soc. sec ', words)).toBe(true);
    expect(hasContextWord('socX sec ', words)).toBe(false);
  });

  it('is reusable: the global regex state does not leak between calls', () => {
    expect(hasContextWord('a long text ending with tel', words)).toBe(true);
    expect(hasContextWord('tel', words)).toBe(true);
    expect(hasContextWord('nothing', words)).toBe(false);
  });
});
