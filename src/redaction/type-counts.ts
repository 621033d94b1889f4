import type { PiiSpan } from './types.js';

// Scratch for `countByType`: the distinct types of one text and their counts (redaction is synchronous).
const seenTypes: string[] = [];
const seenCounts: number[] = [];

/**
 * The number of spans per type, keys in order of first occurrence. A text holds few distinct types,
 * so they are counted in two short scratch arrays and the record is written once per type. Reading
 * and writing the record once per span costs more: its keys differ from text to text, so every
 * access is a megamorphic property lookup. Linear in `spans.length` (the distinct types are bounded
 * by the configuration: seven built-in, one per custom detector).
 */
export function countByType(spans: readonly PiiSpan[]): Record<string, number> {
  let distinct = 0;
  for (const span of spans) {
    let k = 0;
    while (k < distinct && seenTypes[k] !== span.type) k++;
    if (k === distinct) {
      seenTypes[k] = span.type;
      seenCounts[k] = 0;
      distinct++;
    }
    seenCounts[k]!++;
  }
  const counts: Record<string, number> = {};
  for (let k = 0; k < distinct; k++) counts[seenTypes[k]!] = seenCounts[k]!;
  return counts;
}
