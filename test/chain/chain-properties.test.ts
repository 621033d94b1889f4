import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChainedDecision } from '../../src/chain/format/checkpoint.js';
import { computeRecordHash } from '../../src/chain/format/record-hash.js';
import { verifyChain } from '../../src/chain/verify/verify-chain.js';
import type { AIDecision } from '../../src/decision.js';
import { canonicalisable, chainOf, clone, decision } from './chain-fixtures.js';

const json = fc.jsonValue({ maxDepth: 3 }).filter(canonicalisable);
const arbDecision: fc.Arbitrary<AIDecision> = fc
  .record({ i: fc.nat(1000), context: fc.dictionary(fc.string(), json, { maxKeys: 4 }), latencyMs: fc.double({ noNaN: true, noDefaultInfinity: true }) })
  .filter(({ context }) => canonicalisable(context))
  .map(({ i, context, latencyMs }) => ({ ...decision(i), latencyMs, policyContext: context as AIDecision['policyContext'] }));

type Tamper =
  | { op: 'edit'; at: number; value: string }
  | { op: 'delete'; at: number }
  | { op: 'insert'; at: number; value: string }
  | { op: 'swap'; at: number }
  | { op: 'truncate'; at: number };

const arbTamper: fc.Arbitrary<Tamper> = fc.oneof(
  fc.record({ op: fc.constant('edit' as const), at: fc.nat(), value: fc.string({ minLength: 1 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), value: fc.string({ minLength: 1 }) }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function tamper(records: ChainedDecision[], t: Tamper): ChainedDecision[] {
  const out = records.map(clone);
  const at = t.at % out.length;
  switch (t.op) {
    case 'edit':
      out[at]!.decisionId = `${out[at]!.decisionId}:${t.value}`;
      break;
    case 'delete':
      out.splice(at, 1);
      break;
    case 'insert': {
      // A forger's well-formed, correctly hashed record placed at an existing seq.
      const forged = { ...clone(out[at]!), modelUsed: `forged ${t.value}` };
      forged.hash = computeRecordHash(forged);
      out.push(forged);
      break;
    }
    case 'swap': {
      const j = at === out.length - 1 ? at - 1 : at + 1;
      [out[at]!.seq, out[j]!.seq] = [out[j]!.seq, out[at]!.seq];
      break;
    }
    case 'truncate':
      out.length = at;
      break;
  }
  return out;
}

describe('chain properties', () => {
  it('any chain of canonicalisable decisions verifies, in any order, after a trip through JSON', () => {
    fc.assert(
      fc.property(fc.array(arbDecision, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 8 }), (decisions, every) => {
        const records = chainOf(decisions, { checkpointEvery: every });
        const wire = records.map((r) => JSON.parse(JSON.stringify(r)));
        const result = verifyChain(wire.reverse());
        expect(result.problems).toEqual([]);
        expect(result.chains[0]!.sealed).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('any single tampering is detected (the known head closes the tail)', () => {
    fc.assert(
      fc.property(fc.array(arbDecision, { minLength: 2, maxLength: 20 }), arbTamper, (decisions, t) => {
        const records = chainOf(decisions, { checkpointEvery: 4 });
        const last = records[records.length - 1]!;
        const expectedHeads = [{ chainId: last.chainId, seq: last.seq, hash: last.hash }];
        const result = verifyChain(tamper(records, t), { expectedHeads });
        expect(result.ok).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});
