/** The built-in PII types. Custom detectors may use any other name. */
export type BuiltinPiiType = 'EMAIL' | 'PHONE' | 'IPV4' | 'IPV6' | 'IBAN' | 'CREDIT_CARD' | 'US_SSN';

/** A detected value: UTF-16 offsets into the scanned text, `end` exclusive. */
export interface PiiSpan {
  start: number;
  end: number;
  type: string;
}

/**
 * A built-in detector. `find` appends what it found to `out`; it must run in time linear in
 * `text.length` whatever the input.
 */
export interface Detector {
  readonly type: string;
  find(text: string, out: PiiSpan[]): void;
}

/** How a detected value is replaced. */
export type ReplacementMode = 'redact' | 'hash' | 'mask';

/** A user-defined detector: a regular expression (every match is a value) or a function. */
export type CustomDetector =
  | { type: string; pattern: RegExp }
  | { type: string; detect(text: string): ReadonlyArray<{ start: number; end: number }> };

export interface RedactorOptions {
  /**
   * How values are replaced: `redact` → `[EMAIL]`, `hash` → `[EMAIL:<hmac>]`, `mask` → `j***@e***.com`.
   * @defaultValue `'redact'`
   */
  mode?: ReplacementMode;
  /** Per-type overrides of `mode`, e.g. `{ EMAIL: 'hash' }`. */
  modes?: Partial<Record<string, ReplacementMode>>;
  /**
   * Secret for the keyed pseudonyms of `hash` mode (HMAC-SHA-256). Required as soon as any type uses
   * `hash`. @defaultValue the `VAXELIA_REDACTION_KEY` environment variable
   */
  redactionKey?: string;
  /**
   * Which built-in types to detect.
   * @defaultValue all seven
   */
  types?: readonly BuiltinPiiType[];
  /** Additional detectors; they run after the built-in ones and never override them. */
  customDetectors?: readonly CustomDetector[];
}

export interface RedactionResult {
  text: string;
  /** Number of replaced values per type (never the values). */
  counts: Record<string, number>;
}

export interface Redactor {
  /** The default replacement mode (per-type overrides aside). */
  readonly mode?: ReplacementMode;
  /** Spans sorted by `start`, non-overlapping. Fails closed: a throwing detector yields one span covering the text. */
  detect(text: string): PiiSpan[];
  /** The text with every detected value replaced. Fails closed: a throwing detector yields `[REDACTION_FAILED]`. */
  redact(text: string): RedactionResult;
}

/** Marker type and text of a field whose detection failed. */
export const REDACTION_FAILED = 'REDACTION_FAILED';
