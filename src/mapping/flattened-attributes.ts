import type { Attributes } from '../otel-types.js';
import type { MappingContext } from './mapping-context.js';

/** Highest list index read from flattened keys: a hostile span cannot make us allocate more. */
const MAX_INDEX = 1_000;

/** A node of a flattened-key tree: `a.0.b` → `{ a: { 0: { b: value } } }`. */
export type FlatTree = { [segment: string]: FlatTree | unknown };

/**
 * Rebuilds the tree that OpenInference-style flattened keys describe (`llm.input_messages.0.message.role`)
 * under one prefix, in one pass over the attribute keys. Numeric segments above `MAX_INDEX` are
 * dropped with a warning.
 */
export function unflatten(attributes: Attributes, prefix: string, ctx: MappingContext): FlatTree | undefined {
  const start = `${prefix}.`;
  let root: FlatTree | undefined;
  for (const key of Object.keys(attributes)) {
    if (!key.startsWith(start)) continue;
    const segments = key.slice(start.length).split('.');
    if (segments.some((segment) => /^\d+$/.test(segment) && Number(segment) > MAX_INDEX)) {
      ctx.warn(`${prefix} index above ${MAX_INDEX} ignored`);
      continue;
    }
    root ??= Object.create(null) as FlatTree;
    let node: FlatTree = root;
    for (let i = 0; i < segments.length - 1; i++) {
      const segment = segments[i]!;
      const next = node[segment];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        const child: FlatTree = Object.create(null);
        node[segment] = child;
        node = child;
      } else {
        node = next as FlatTree;
      }
    }
    node[segments.at(-1)!] = attributes[key];
  }
  return root;
}

/** The numbered children of a tree node, in index order. */
export function indexed(node: unknown): FlatTree[] {
  if (node === null || typeof node !== 'object') return [];
  return Object.keys(node)
    .filter((key) => /^\d+$/.test(key))
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => (node as FlatTree)[key])
    .filter((child): child is FlatTree => child !== null && typeof child === 'object' && !Array.isArray(child));
}

/** Follows `path` (dot-separated segments) down a tree node. */
export function at(node: unknown, path: string): unknown {
  let current: unknown = node;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as FlatTree)[segment];
  }
  return current;
}
