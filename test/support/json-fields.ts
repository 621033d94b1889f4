/**
 * For fuzz tests that put arbitrary JSON in place of one field of a valid document: every field's
 * path, a copy with one field replaced, and values parsed JSON can hold that have no primitive form
 * (`String()` and `Number()` throw on them; each has crashed a request handler once).
 */
export type FieldPath = readonly (string | number)[];

/** The path of every member and array item under `document` (not the document itself). */
export function fieldPaths(document: unknown): FieldPath[] {
  const paths: FieldPath[] = [];
  const walk = (node: unknown, path: FieldPath) => {
    if (path.length > 0) paths.push(path);
    if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, Array.isArray(node) ? Number(k) : k]);
  };
  walk(document, []);
  return paths;
}

/** A deep copy of `document` with the field at `path` replaced by `value`. */
export function withValueAt<T>(document: T, path: FieldPath, value: unknown): T {
  const copy = structuredClone(document) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy as T;
}

export const NO_PRIMITIVE_FORM: readonly unknown[] = [{ toString: false }, [{ toString: 0 }], { valueOf: 1, toString: 1 }, { low: { toString: false }, high: 0 }];
