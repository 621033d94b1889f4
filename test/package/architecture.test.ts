import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The house rules a reviewer would otherwise check by eye (docs/ARCHITECTURE.md draws the map):
// no import circle, no source file over 400 lines, and imports across folders only go down a layer.

const SRC = 'src';
const MAX_LINES = 400;

/**
 * Layers, bottom (0) to top. A module may import from its own area and from any area of a lower
 * layer, never sideways into another area of the same layer and never up. An area is a folder under
 * src/ (chain/ counts per subfolder: format, writer, verify), or a file directly under src/.
 */
const LAYERS: readonly (readonly string[])[] = [
  // 0 — leaf files: the decision record type, the error classes, the OpenTelemetry shapes we read.
  ['decision', 'errors', 'otel-types', 'node-version-guard', 'web-assembly'],
  // 1 — shared helpers everyone may use: logger, error summary, bounded map, stderr reporting.
  ['core'],
  // 2 — reading option values from the environment.
  ['config'],
  // 3 — pure transformations of one record, and the HTTP plumbing server and gateway share.
  ['mapping', 'redaction', 'chain/format', 'http'],
  // 4 — stateful machinery built on them.
  ['chain/writer', 'chain/verify', 'queue', 'checks', 'compliance-context-helper'],
  // 5 — delivery drains the queue; chain/ itself (evidence pack, index) combines writer and verify.
  ['delivery', 'chain'],
  // 6 — span → redacted, chained, delivered decision.
  ['pipeline'],
  // 7 — the OpenTelemetry-facing side: span processor, exporter, sampler.
  ['processor', 'sampling'],
  // 8 — processes a user runs, and the `doctor` checks of an app's setup.
  ['gateway', 'server', 'doctor'],
  // 9 — the command line starts gateway and server; index is the package's public entry point.
  ['cli', 'index'],
];

/**
 * Known upward or sideways imports, each waiting on a move in an area another issue is still
 * changing. Key: `importer -> imported` (paths under src/). Prune an entry when its move lands; the
 * test fails on an entry that no longer matches anything, so the list cannot go stale silently.
 */
const LAYERING_ALLOWED: Readonly<Record<string, string>> = {
  // None today. (Emptied by issue 23: DecisionSink moved to core/, VaxeliaOptions and
  // DecisionLogOptions from config/ and processor/ to pipeline/, BoundedMap to core/.)
};

/** Files allowed over MAX_LINES: generated code, and splits another issue has in flight. */
const LONG_FILES_ALLOWED: Readonly<Record<string, string>> = {
  // None today. Generated files go here with a comment naming their generator; e.g.
  // redaction/wasm/redaction-kernels-binary.ts (base64 WebAssembly from scripts/build-wasm.mjs)
  // would, were it over the limit. queue/encrypted-queue.ts (885 lines) left with issue 17's split.
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of a file, resolved to source paths (`./x.js` → `x.ts`, `./dir` → `dir/index.ts`). */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((ref) => ref.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => {
      const base = join(dirname(file), spec).replace(/\.js$/, '');
      const candidates = [`${base}.ts`, join(base, 'index.ts')];
      return candidates.find((path) => existsSync(path)) ?? `${base}.ts (missing)`;
    });
}

const rel = (path: string) => relative(SRC, path).split('\\').join('/');

function areaOf(path: string): string {
  const [top = '', sub, ...rest] = rel(path).split('/');
  if (sub === undefined) return top.replace(/\.ts$/, '');
  return top === 'chain' && rest.length > 0 ? `chain/${sub}` : top;
}

const layerOf = new Map(LAYERS.flatMap((areas, layer) => areas.map((area) => [area, layer] as const)));

const files = sourceFiles(SRC);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

/** Every elementary circle found by a depth-first search, as `a → b → … → a`. */
function importCircles(): string[] {
  const circles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        circles.push([...stack.slice(stack.indexOf(next)), next].map(rel).join(' → '));
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return circles;
}

describe('architecture of src/', () => {
  it('has no import circle (type-only imports included)', () => {
    expect(importCircles()).toEqual([]);
  });

  it('resolves every relative import to a file', () => {
    const missing = [...graph].flatMap(([file, targets]) =>
      targets.filter((target) => target.endsWith('(missing)')).map((target) => `${rel(file)} → ${target}`),
    );
    expect(missing).toEqual([]);
  });

  it(`has no source file over ${MAX_LINES} lines, except the listed ones`, () => {
    const long = files
      .map((file) => ({ file: rel(file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ file, lines }) => lines > MAX_LINES && !(file in LONG_FILES_ALLOWED))
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it('places every area of src/ in a layer', () => {
    const unplaced = [...new Set(files.map(areaOf))].filter((area) => !layerOf.has(area));
    expect(unplaced, 'add the new folder to LAYERS (and docs/ARCHITECTURE.md)').toEqual([]);
  });

  it('imports across areas only downward, except the listed moves still in flight', () => {
    const violations: string[] = [];
    for (const [file, targets] of graph) {
      const from = areaOf(file);
      for (const target of targets) {
        const to = areaOf(target);
        if (from === to) continue;
        const fromLayer = layerOf.get(from) ?? Number.NaN;
        const toLayer = layerOf.get(to) ?? Number.NaN;
        if (toLayer < fromLayer) continue;
        const edge = `${rel(file)} -> ${rel(target)}`;
        if (!(edge in LAYERING_ALLOWED)) {
          violations.push(`${edge} (${from}, layer ${fromLayer}, imports ${to}, layer ${toLayer})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('lists only allowances that are still needed', () => {
    const edges = new Set([...graph].flatMap(([file, targets]) => targets.map((t) => `${rel(file)} -> ${rel(t)}`)));
    const staleEdges = Object.keys(LAYERING_ALLOWED).filter((edge) => !edges.has(edge));
    const staleLong = Object.keys(LONG_FILES_ALLOWED).filter((file) => {
      const path = join(SRC, file);
      return !existsSync(path) || readFileSync(path, 'utf8').split('\n').length <= MAX_LINES;
    });
    expect([...staleEdges, ...staleLong], 'the move landed: delete these allow-list entries').toEqual([]);
  });
});
