import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Needle {
  name: string;
  bytes: Buffer;
}

/** A secret in every spelling it could leak in: as given, raw bytes (for base64 keys), hex. */
export function needlesFor(name: string, value: string, base64Key = false): Needle[] {
  const out: Needle[] = [{ name, bytes: Buffer.from(value, 'utf8') }];
  if (base64Key) {
    const raw = Buffer.from(value, 'base64');
    out.push({ name: `${name} (raw bytes)`, bytes: raw }, { name: `${name} (hex)`, bytes: Buffer.from(raw.toString('hex')) });
  }
  return out;
}

export function walk(dir: string): string[] {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = join(dir, e);
    try {
      return statSync(p).isDirectory() ? [p, ...walk(p)] : [p];
    } catch {
      return [];
    }
  });
}

/** Every occurrence of any needle in any file under `dir` (and in the extra files given). */
export function scanFiles(paths: string[], needles: Needle[]): string[] {
  const hits: string[] = [];
  for (const p of paths) {
    let data: Buffer;
    try {
      if (statSync(p).isDirectory()) continue;
      data = readFileSync(p);
    } catch {
      continue;
    }
    for (const n of needles) if (data.includes(n.bytes)) hits.push(`${n.name} in ${p}`);
  }
  return hits;
}

export function scanText(where: string, text: string, needles: Needle[]): string[] {
  const data = Buffer.from(text, 'utf8');
  return needles.filter((n) => data.includes(n.bytes)).map((n) => `${n.name} in ${where}`);
}

/** Files that are not 0600 and directories that are not 0700. */
export function badModes(dir: string): string[] {
  return walk(dir).flatMap((p) => {
    const st = statSync(p);
    const mode = st.mode & 0o777;
    const want = st.isDirectory() ? 0o700 : 0o600;
    return mode === want ? [] : [`${p}: ${mode.toString(8)} (want ${want.toString(8)})`];
  });
}
