/** Levenshtein distance (insert, delete, substitute: 1 each), two rows at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The valid name a typo most likely meant: the only one the input starts, else the nearest by edit
 * distance when it is close enough to be a typo (at most 2 edits, or a third of the name).
 */
export function closestName(input: string, names: readonly string[]): string | undefined {
  const prefixed = names.filter((name) => input.length >= 2 && name.startsWith(input));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const distance = editDistance(input, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.floor((best?.length ?? 0) / 3));
  return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean 'x'?)`, or nothing when no name is close. */
export function didYouMean(input: string, names: readonly string[]): string {
  const name = closestName(input, names);
  return name === undefined ? '' : ` (did you mean '${name}'?)`;
}
