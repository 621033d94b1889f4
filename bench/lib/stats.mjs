// Small statistics helpers shared by the figures and the runner.

export const median = (xs) => quantile(xs, 0.5);

/** Nearest-rank quantile (p in [0, 1]) of a non-empty list. */
export function quantile(xs, p) {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}

export const min = (xs) => xs.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
export const max = (xs) => xs.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);

/** `{ median, min, max, n }` of a list of repetitions. */
export const summary = (xs) => ({ median: median(xs), min: min(xs), max: max(xs), n: xs.length, values: xs });

/** Rotates `items` by `round` so no contender always runs first (or right after a GC-heavy one). */
export const rotate = (items, round) => items.map((_, i) => items[(i + round) % items.length]);

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Prints the figure's result for the runner (the last line of a child's stdout). */
export function emit(result) {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

/** `--name value` from argv, else `fallback`. */
export function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
}
export const flag = (name) => process.argv.includes(name);
