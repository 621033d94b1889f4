import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** `--public-key` takes the PEM itself, a file holding it, or base64 of the raw 32-byte key. */
export function readPublicKeyArg(value: string, cwd: string): string {
  if (value.includes('-----BEGIN')) return value;
  const path = resolve(cwd, value);
  if (existsSync(path)) return readFileSync(path, 'utf8');
  return value;
}
