import type { BuiltinPiiType, PiiSpan } from '../types.js';
import { scanText, scanTypeBits } from '../wasm/redaction-kernels.js';

export const BUILTIN_TYPES: readonly BuiltinPiiType[] = ['EMAIL', 'PHONE', 'IPV4', 'IPV6', 'IBAN', 'CREDIT_CARD', 'US_SSN'];

/**
 * Scans `text` and appends every finding to `out` in the order found. The findings may overlap (an
 * address's local part scanned back over a phone number): `resolveScan` settles that.
 */
export type Scanner = (text: string, out: PiiSpan[]) => void;

/**
 * One left-to-right pass over the text for all built-in types, in WebAssembly
 * (`wasm/assembly/index.ts`): digits, `+` and `(` start numeric runs (IPv4, card, SSN, phone), which
 * are read and validated there; an IBAN candidate, `@` and `:` go to the JavaScript detectors of this
 * folder. Linear time.
 */
export function createScanner(types: readonly BuiltinPiiType[]): Scanner {
  const bits = scanTypeBits(types);
  if (bits === 0) return () => {};
  return (text, out) => scanText(text, out, bits);
}
