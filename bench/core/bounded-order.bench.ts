/**
 * The cost of one insertion at the bound (each insertion forgets the oldest entry), BoundedMap and
 * the gateway's RecentDecisionIds beside what they replaced: a Map/Set forgetting `keys().next()`,
 * whose iterator walks the holes of every earlier deletion (touch-order.ts).
 *   node bench/core/run.mjs
 */
import { BoundedMap } from '../../src/core/bounded-map.js';
import { RecentDecisionIds } from '../../src/gateway/recent-decision-ids.js';

const INSERTIONS = 100_000;

class MapIterationBounded {
  private readonly map = new Map<string, number>();
  constructor(private readonly max: number) {}
  set(key: string, value: number) {
    if (!this.map.has(key) && this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
  }
}
class SetIterationRecent {
  private readonly ids = new Set<string>();
  constructor(private readonly max: number) {}
  addRecorded(ids: string[]) {
    for (const id of ids) {
      this.ids.delete(id);
      this.ids.add(id);
      if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value!);
    }
  }
}

const keys = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i.toString(16).padStart(24, '0')}`);
function nsPerInsertion(bound: number, make: () => { insert(key: string): void }): number {
  const all = keys(bound + INSERTIONS, 'k');
  const target = make();
  for (let i = 0; i < bound; i++) target.insert(all[i]!);
  const started = process.hrtime.bigint();
  for (let i = bound; i < all.length; i++) target.insert(all[i]!);
  return Number(process.hrtime.bigint() - started) / INSERTIONS;
}

console.log('ns per insertion at the bound (each insertion forgets the oldest entry), median of 3:');
for (const bound of [10_000, 100_000]) {
  const rows: [string, () => { insert(key: string): void }][] = [
    ['BoundedMap (TouchOrder)', () => { const m = new BoundedMap<string, number>(bound); return { insert: (k) => m.set(k, 1) }; }],
    ['Map, oldest by keys().next() (before)', () => { const m = new MapIterationBounded(bound); return { insert: (k) => m.set(k, 1) }; }],
    ['RecentDecisionIds (TouchOrder)', () => { const r = new RecentDecisionIds(bound); return { insert: (k) => r.addRecorded([k]) }; }],
    ['Set, oldest by values().next() (before)', () => { const r = new SetIterationRecent(bound); return { insert: (k) => r.addRecorded([k]) }; }],
  ];
  for (const [name, make] of rows) {
    const runs = [0, 1, 2].map(() => nsPerInsertion(bound, make)).sort((a, b) => a - b);
    console.log(`${bound.toLocaleString('en').padStart(8)} entries  ${runs[1]!.toFixed(0).padStart(7)} ns  ${name}`);
  }
}
