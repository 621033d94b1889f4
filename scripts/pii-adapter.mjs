// Scorer adapter for the PII corpus (node test/fixtures/pii/score.mjs test/fixtures/pii/public.jsonl scripts/pii-adapter.mjs).
// Uses the real engine: the TypeScript source is bundled on the fly with esbuild (installed with tsup)
// into a temporary ESM file, so no build step and no stale dist/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const name = '@vaxelia/ai-otel redaction';
export const supportedTypes = ['EMAIL', 'PHONE', 'IPV4', 'IPV6', 'IBAN', 'CREDIT_CARD', 'US_SSN'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let redactor;

/** Bundles src/redaction/index.ts and returns the module. */
export async function loadEngine() {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(path.join(tmpdir(), 'vaxelia-redaction-'));
  const outfile = path.join(dir, 'redaction.mjs');
  try {
    await build({
      entryPoints: [path.join(root, 'src/redaction/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      outfile,
      logLevel: 'error',
    });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function init() {
  const engine = await loadEngine();
  redactor = engine.createRedactor();
}

export function detect(text) {
  return redactor.detect(text);
}

export function redact(text) {
  return redactor.redact(text).text;
}

export function selfCheck(text) {
  const spans = redactor.detect(text);
  let out = '';
  let last = 0;
  for (const s of spans) {
    out += `${text.slice(last, s.start)}[${s.type}]`;
    last = s.end;
  }
  out += text.slice(last);
  const native = redactor.redact(text).text;
  return out === native ? true : `detect() spans give ${JSON.stringify(out)}, redact() gives ${JSON.stringify(native)}`;
}
