import type { CustomDetector, Detector, PiiSpan } from './types.js';

/**
 * Wraps a user-defined detector. A regex gets the global flag (a copy; the user's object is not
 * touched) and empty matches are skipped. Offsets a function returns are clamped and checked; a
 * detector that throws makes the redactor fail closed.
 */
export function toDetector(custom: CustomDetector): Detector {
  const type = custom.type;
  if ('pattern' in custom) {
    const flags = custom.pattern.flags.includes('g') ? custom.pattern.flags : `${custom.pattern.flags}g`;
    const re = new RegExp(custom.pattern.source, flags.replace('y', ''));
    return {
      type,
      find(text: string, out: PiiSpan[]): void {
        re.lastIndex = 0;
        for (let m = re.exec(text); m !== null; m = re.exec(text)) {
          if (m[0].length === 0) {
            re.lastIndex++;
            continue;
          }
          out.push({ start: m.index, end: m.index + m[0].length, type });
        }
      },
    };
  }
  const detect = custom.detect;
  return {
    type,
    find(text: string, out: PiiSpan[]): void {
      for (const s of detect(text)) {
        if (!Number.isInteger(s.start) || !Number.isInteger(s.end)) throw new TypeError(`Detector ${type} returned a non-integer offset`);
        const start = Math.max(0, s.start);
        const end = Math.min(text.length, s.end);
        if (end > start) out.push({ start, end, type });
      }
    },
  };
}
