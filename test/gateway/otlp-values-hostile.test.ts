// OTLP/JSON decoded leniently must never throw on values of the wrong type. Parsed JSON can hold
// objects with no primitive form (`{"toString": false}`): `String()`, `Number()` or `>>>` on them
// throws — the gateway's fuzz test found a 500 that way (seed 947110579).
import { describe, expect, it } from 'vitest';
import { NO_PRIMITIVE_FORM } from '../support/json-fields.js';
import { readAnyValue, readEnum, readId, readInt64, readKeyValues, readNanos, readUint } from '../../src/gateway/otlp-values.js';

const HOSTILE: unknown[] = [
  ...NO_PRIMITIVE_FORM,
  { low: 1, high: { toString: 0 } },
  { __proto__: null, low: 1 },
  null,
  'NaN',
  '',
  Number.NaN,
];

describe('OTLP value readers on hostile JSON', () => {
  it('never throw, and say what they can', () => {
    for (const value of HOSTILE) {
      for (const field of ['stringValue', 'intValue', 'doubleValue', 'boolValue', 'bytesValue', 'arrayValue', 'kvlistValue']) {
        expect(() => readAnyValue({ [field]: value }), `${field} = ${JSON.stringify(value)}`).not.toThrow();
      }
      expect(() => readInt64(value)).not.toThrow();
      expect(() => readNanos(value)).not.toThrow();
      expect(() => readUint(value)).not.toThrow();
      expect(() => readId(value, 8)).not.toThrow();
      expect(() => readEnum(value, { A: 1 })).not.toThrow();
      expect(() => readKeyValues([{ key: 'k', value }, { key: 'k2', value: { stringValue: value } }])).not.toThrow();
    }
    expect(readAnyValue({ stringValue: { toString: false } })).toBe('{"toString":false}');
    expect(readAnyValue({ doubleValue: { toString: false } })).toBe('{"toString":false}');
    expect(readAnyValue({ doubleValue: '1.5' })).toBe(1.5);
    expect(readInt64({ low: { toString: false }, high: 0 })).toBeUndefined();
    expect(readInt64({ low: 5, high: 0, unsigned: false })).toBe(5);
  });
});
