import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECISION_ID_NAMESPACE, decisionIdFor, uuidV5 } from '../../src/mapping/decision-id.js';

describe('decision ids (UUIDv5 of trace id + span id, DESIGN.md §4)', () => {
  it("equal Python's uuid.uuid5(namespace, trace_id + span_id)", () => {
    // python3 -c "import uuid; print(uuid.uuid5(uuid.UUID('9b0c6d1e-5a4f-4c2b-8e7d-3f6a1b2c4d5e'), '0af7651916cd43dd8448eb211c80319cb7ad6b7169203331'))"
    expect(decisionIdFor('0AF7651916CD43DD8448EB211C80319C', 'b7ad6b7169203331')).toBe('5a7b81dd-0d17-5a7f-b30b-0e50ec4cf80a');
  });

  it('follow RFC 9562 §5.5 for any name (SHA-1 of namespace bytes then name, version 5, variant 10)', () => {
    const namespace = Buffer.from(DECISION_ID_NAMESPACE.replaceAll('-', ''), 'hex');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (name) => {
        const bytes = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
        bytes[6] = (bytes[6]! & 0x0f) | 0x50;
        bytes[8] = (bytes[8]! & 0x3f) | 0x80;
        expect(uuidV5(name).replaceAll('-', '')).toBe(bytes.toString('hex'));
      }),
      { numRuns: 300 },
    );
  });
});
