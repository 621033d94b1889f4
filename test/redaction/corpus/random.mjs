// A small seeded generator (xorshift32): the same seed gives the same corpus on every machine.

/** A random source over a 32-bit xorshift state; `seed` must not be 0. */
export function createRandom(seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => items[Math.floor(next() * items.length)];
  const digits = (count) => {
    let s = '';
    for (let k = 0; k < count; k++) s += String(int(0, 9));
    return s;
  };
  return { next, int, pick, digits, chance: (p) => next() < p };
}
