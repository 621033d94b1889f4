import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createRedactor, REDACTION_FAILED } from '../../src/redaction/index.js';

const TEXT = 'Mail jane.doe@example.com or call +49 30 607079; card 4111 1111 1111 1111.';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('redact mode (default)', () => {
  it('replaces each value by its type and counts per type', () => {
    expect(createRedactor().redact(TEXT)).toEqual({
      text: 'Mail [EMAIL] or call [PHONE]; card [CREDIT_CARD].',
      counts: { EMAIL: 1, PHONE: 1, CREDIT_CARD: 1 },
    });
  });

  it('counts repeated and interleaved types, keys in order of first occurrence', () => {
    const text = 'a@example.com, +49 30 607079, b@example.com, c@example.com, 123-45-6789, +44 20 7949 4177';
    const { counts } = createRedactor().redact(text);
    expect(counts).toEqual({ EMAIL: 3, PHONE: 2, US_SSN: 1 });
    expect(Object.keys(counts)).toEqual(['EMAIL', 'PHONE', 'US_SSN']);
  });

  it('returns text without PII unchanged', () => {
    expect(createRedactor().redact('nothing to see')).toEqual({ text: 'nothing to see', counts: {} });
    expect(createRedactor().redact('')).toEqual({ text: '', counts: {} });
  });
});

describe('hash mode', () => {
  it('writes a keyed pseudonym, stable across redactors with the same key', () => {
    const a = createRedactor({ mode: 'hash', redactionKey: 'k1' }).redact(TEXT).text;
    const b = createRedactor({ mode: 'hash', redactionKey: 'k1' }).redact(TEXT).text;
    const c = createRedactor({ mode: 'hash', redactionKey: 'k2' }).redact(TEXT).text;
    expect(a).toMatch(/^Mail \[EMAIL:[0-9a-f]{12}\] or call \[PHONE:[0-9a-f]{12}\]; card \[CREDIT_CARD:[0-9a-f]{12}\]\.$/);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('joins on the value, not its formatting', () => {
    const r = createRedactor({ mode: 'hash', redactionKey: 'k' });
    expect(r.redact('+49 30 607079').text).toBe(r.redact('+4930607079').text);
    expect(r.redact('JANE@EXAMPLE.COM').text).toBe(r.redact('jane@example.com').text);
  });

  it('reads the key from VAXELIA_REDACTION_KEY at construction', () => {
    vi.stubEnv('VAXELIA_REDACTION_KEY', 'from-env');
    const fromEnv = createRedactor({ mode: 'hash' }).redact(TEXT).text;
    expect(fromEnv).toBe(createRedactor({ mode: 'hash', redactionKey: 'from-env' }).redact(TEXT).text);
    // The option wins over the environment.
    expect(createRedactor({ mode: 'hash', redactionKey: 'other' }).redact(TEXT).text).not.toBe(fromEnv);
  });

  it('without a key is a ConfigError naming the option and the variable, never a value', () => {
    vi.stubEnv('VAXELIA_REDACTION_KEY', '');
    expect(() => createRedactor({ mode: 'hash' })).toThrow(ConfigError);
    expect(() => createRedactor({ modes: { EMAIL: 'hash' } })).toThrow(/redactionKey.*VAXELIA_REDACTION_KEY/);
  });

  it('does not need a key when no type hashes', () => {
    vi.stubEnv('VAXELIA_REDACTION_KEY', '');
    expect(() => createRedactor({ mode: 'mask' })).not.toThrow();
  });

  it('rejects an unknown mode', () => {
    expect(() => createRedactor({ mode: 'scramble' as never })).toThrow(ConfigError);
  });
});

describe('mask mode', () => {
  const r = createRedactor({ mode: 'mask' });
  it.each([
    ['jane.doe@example.com', 'j***@e***.com'],
    ['+49 30 607079', '+** ** ****79'],
    ['4111 1111 1111 1111', '**** **** **** 1111'],
    ['SSN 123-45-6789', 'SSN ***-**-6789'],
    ['DE89 3704 0044 0532 0130 00', 'DE** **** **** **** **** 00'],
    ['10.1.2.3', '10.*.*.*'],
    ['2001:db8::1:2', '*:*::*:*'],
  ])('masks %s as %s', (input, output) => {
    expect(r.redact(input).text).toBe(output);
  });
});

describe('per-type overrides', () => {
  it('applies the override to its type and the default to the rest', () => {
    const r = createRedactor({ mode: 'mask', modes: { CREDIT_CARD: 'redact', EMAIL: 'hash' }, redactionKey: 'k' });
    expect(r.redact(TEXT).text).toMatch(/^Mail \[EMAIL:[0-9a-f]{12}\] or call \+\*\* \*\* \*\*\*\*79; card \[CREDIT_CARD\]\.$/);
  });
});

describe('custom detectors', () => {
  it('adds regex and function detectors after the built-in ones', () => {
    const r = createRedactor({
      customDetectors: [
        { type: 'EMPLOYEE_ID', pattern: /EMP-\d{6}/ },
        { type: 'CODENAME', detect: (text) => (text.includes('Bluebird') ? [{ start: text.indexOf('Bluebird'), end: text.indexOf('Bluebird') + 8 }] : []) },
      ],
    });
    expect(r.redact('EMP-123456 runs Bluebird, EMP-654321 too; mail a@example.com').text).toBe(
      '[EMPLOYEE_ID] runs [CODENAME], [EMPLOYEE_ID] too; mail [EMAIL]',
    );
  });

  it('never lets a custom finding split a built-in one', () => {
    const r = createRedactor({ customDetectors: [{ type: 'DOMAIN', pattern: /example\.com/g }] });
    expect(r.redact('a@example.com').text).toBe('[EMAIL]');
  });

  it('does not touch the caller’s RegExp and skips empty matches', () => {
    const pattern = /x*/y;
    const r = createRedactor({ customDetectors: [{ type: 'X', pattern }] });
    expect(r.redact('abxxc').text).toBe('ab[X]c');
    expect(pattern.flags).toBe('y');
    expect(pattern.lastIndex).toBe(0);
  });
});

describe('fail closed', () => {
  const throwing = createRedactor({
    customDetectors: [
      {
        type: 'BOOM',
        detect: () => {
          throw new Error('detector bug');
        },
      },
    ],
  });

  it('replaces the whole field by a marker when a detector throws', () => {
    expect(throwing.redact('jane@example.com and more')).toEqual({
      text: `[${REDACTION_FAILED}]`,
      counts: { [REDACTION_FAILED]: 1 },
    });
  });

  it('detect() reports the whole text as one failed span', () => {
    expect(throwing.detect('abc')).toEqual([{ start: 0, end: 3, type: REDACTION_FAILED }]);
  });

  it('treats non-integer offsets from a function as a failure', () => {
    const r = createRedactor({ customDetectors: [{ type: 'BAD', detect: () => [{ start: 0.5, end: 2 }] }] });
    expect(r.redact('secret').text).toBe(`[${REDACTION_FAILED}]`);
  });
});
