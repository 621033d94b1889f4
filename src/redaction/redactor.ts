import { ENV, readEnv } from '../config/env.js';
import { ConfigError } from '../errors.js';
import { toDetector } from './custom-detector.js';
import { BUILTIN_TYPES, createScanner } from './detectors/scanner.js';
import { replacementFor } from './replacement.js';
import { resolveScan, resolveSpans } from './resolve-spans.js';
import { countByType } from './type-counts.js';
import type { Detector, PiiSpan, RedactionResult, Redactor, RedactorOptions, ReplacementMode } from './types.js';
import { REDACTION_FAILED } from './types.js';

const MODES: ReadonlySet<string> = new Set(['redact', 'hash', 'mask']);

function checkMode(mode: string, where: string): ReplacementMode {
  if (!MODES.has(mode)) throw new ConfigError(`Invalid redaction mode in \`${where}\`: expected redact, hash or mask.`);
  return mode as ReplacementMode;
}

/**
 * Creates a PII redactor (DESIGN.md §2). Options and `VAXELIA_REDACTION_KEY` are resolved here, once.
 * @throws ConfigError when a type uses `hash` mode and no key is set, or a mode is unknown.
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const defaultMode = checkMode(options.mode ?? 'redact', 'mode');
  const overrides = new Map<string, ReplacementMode>();
  for (const [type, mode] of Object.entries(options.modes ?? {})) {
    if (mode !== undefined) overrides.set(type, checkMode(mode, `modes.${type}`));
  }
  const usesHash = defaultMode === 'hash' || [...overrides.values()].includes('hash');
  const key = options.redactionKey ?? readEnv(ENV.redactionKey);
  if (usesHash && (key === undefined || key === '')) {
    throw new ConfigError(
      `Redaction mode \`hash\` needs a secret: set the \`redactionKey\` option or ${ENV.redactionKey} ` +
        '(an unkeyed hash of an e-mail address is reversible by dictionary).',
    );
  }
  const scan = createScanner(options.types ?? BUILTIN_TYPES);
  const custom: Detector[] = (options.customDetectors ?? []).map(toDetector);
  const modeOf = overrides.size === 0 ? () => defaultMode : (type: string): ReplacementMode => overrides.get(type) ?? defaultMode;

  function detect(text: string): PiiSpan[] {
    if (text.length === 0) return [];
    const found: PiiSpan[] = [];
    scan(text, found);
    const spans = resolveScan(found);
    if (custom.length === 0) return spans;
    // Custom detectors come after the built-in ones and never override them.
    const lists = [spans];
    for (const detector of custom) {
      const out: PiiSpan[] = [];
      detector.find(text, out);
      lists.push(out);
    }
    return resolveSpans(lists);
  }

  return {
    mode: defaultMode,
    detect(text: string): PiiSpan[] {
      try {
        return detect(text);
      } catch {
        return [{ start: 0, end: text.length, type: REDACTION_FAILED }];
      }
    },
    redact(text: string): RedactionResult {
      let spans: PiiSpan[];
      try {
        spans = detect(text);
      } catch {
        return { text: `[${REDACTION_FAILED}]`, counts: { [REDACTION_FAILED]: 1 } };
      }
      if (spans.length === 0) return { text, counts: {} };
      let out = '';
      let last = 0;
      for (const span of spans) {
        out += text.slice(last, span.start);
        out += replacementFor(modeOf(span.type), span.type, text, span.start, span.end, key);
        last = span.end;
      }
      const counts = countByType(spans);
      return { text: out + text.slice(last), counts };
    },
  };
}
