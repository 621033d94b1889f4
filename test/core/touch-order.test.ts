import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../src/core/bounded-map.js';
import { TouchOrder } from '../../src/core/touch-order.js';
import { RecentDecisionIds } from '../../src/gateway/recent-decision-ids.js';

/** The obvious model: an array of live keys, oldest first. */
class ModelOrder {
  keys: string[] = [];
  touch(key: string) {
    this.delete(key);
    this.keys.push(key);
  }
  delete(key: string) {
    const at = this.keys.indexOf(key);
    if (at >= 0) this.keys.splice(at, 1);
    return at >= 0;
  }
  shift() {
    return this.keys.shift();
  }
}

const op = fc.oneof(
  fc.record({ kind: fc.constant('touch' as const), key: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('shift' as const) }),
);

describe('TouchOrder', () => {
  it('gives keys back in the order they were last touched, skipping deleted ones (against a model)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const order = new TouchOrder<string>();
        const model = new ModelOrder();
        for (const o of ops) {
          if (o.kind === 'touch') {
            order.touch(`k${o.key}`);
            model.touch(`k${o.key}`);
          } else if (o.kind === 'delete') {
            expect(order.delete(`k${o.key}`)).toBe(model.delete(`k${o.key}`));
          } else {
            expect(order.shift()).toBe(model.shift());
          }
          expect(order.size).toBe(model.keys.length);
        }
        const rest: (string | undefined)[] = [];
        for (let k = order.shift(); k !== undefined; k = order.shift()) rest.push(k);
        expect(rest).toEqual(model.keys);
      }),
      { numRuns: 300 },
    );
  });

  it('a key deleted and touched again takes its new place, not its first one', () => {
    const order = new TouchOrder<string>();
    for (const k of ['a', 'b', 'c']) order.touch(k);
    order.delete('a');
    order.touch('a');
    expect([order.shift(), order.shift(), order.shift(), order.shift()]).toEqual(['b', 'c', 'a', undefined]);
  });

  it('keeps its queue proportional to the live keys when nearly every key is deleted (no growth without end)', () => {
    const order = new TouchOrder<string>();
    for (let i = 0; i < 200_000; i++) {
      order.touch(`span-${i}`);
      if (i % 100 !== 0) order.delete(`span-${i}`); // one in a hundred never ends
    }
    expect(order.size).toBe(2_000);
    expect(order.queued).toBeLessThanOrEqual(2 * order.size + 64);
  });

  it('keeps its queue proportional when the same keys are touched again and again', () => {
    const order = new TouchOrder<string>();
    for (let i = 0; i < 100_000; i++) order.touch(`id-${i % 50}`);
    expect(order.size).toBe(50);
    expect(order.queued).toBeLessThanOrEqual(2 * 50 + 64);
  });
});

describe('BoundedMap', () => {
  it('forgets the entry set longest ago past its bound, tells onEvict, and keeps a key set again in its place', () => {
    const evicted: [string, number][] = [];
    const map = new BoundedMap<string, number>(3, (k, v) => evicted.push([k, v]));
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    map.set('a', 10); // an update, not a new entry: keeps its place
    map.set('d', 4);
    expect(evicted).toEqual([['a', 10]]);
    expect(map.take('b')).toBe(2);
    map.set('e', 5);
    map.set('f', 6);
    expect(evicted).toEqual([
      ['a', 10],
      ['c', 3],
    ]);
    expect([map.get('d'), map.get('e'), map.get('f'), map.size, map.evicted]).toEqual([4, 5, 6, 3, 2]);
  });

  it('holds at most its bound through a long run of spans that mostly end, and accounts for every entry', () => {
    const map = new BoundedMap<string, number>(1_000);
    let taken = 0;
    for (let i = 0; i < 100_000; i++) {
      map.set(`span-${i}`, i);
      if (i % 10 !== 0 && map.take(`span-${i}`) !== undefined) taken++;
    }
    expect(map.size).toBeLessThanOrEqual(1_000);
    expect(map.get('span-99990')).toBe(99_990);
    expect(map.get('span-0')).toBeUndefined();
    expect(taken + map.evicted + map.size).toBe(100_000);
  });
});

describe('RecentDecisionIds', () => {
  it('forgets the id seen longest ago; a lookup refreshes an id', () => {
    const ids = new RecentDecisionIds(3);
    ids.addRecorded(['a', 'b', 'c']);
    expect(ids.has('a')).toBe(true); // refreshed: b is now the oldest
    ids.addRecorded(['d']);
    expect([ids.has('b'), ids.has('c'), ids.has('a'), ids.has('d'), ids.size]).toEqual([false, true, true, true, 3]);
  });
});
