import { contextBefore } from './chars.js';
import { contextWords, hasContextWord } from './context-words.js';
import type { NumericRun } from './numeric-run.js';
import {
  canEndAt,
  canStartAt,
  closeAfter,
  digitsOf,
  groupLength,
  IDENTIFIER_WORDS,
  openBefore,
  precedingWord,
  SEP_BAD,
  SEP_CLOSE,
  SEP_DASH,
  SEP_DOT,
  SEP_OPEN,
  SEP_SLASH,
} from './numeric-run.js';

/** ITU-T E.164 country calling codes in use. */
const COUNTRY_CODES = new Set(
  (
    '1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 ' +
    '81 82 84 86 90 91 92 93 94 95 98 211 212 213 216 218 220 221 222 223 224 225 226 227 228 229 230 231 232 ' +
    '233 234 235 236 237 238 239 240 241 242 243 244 245 246 248 249 250 251 252 253 254 255 256 257 258 260 ' +
    '261 262 263 264 265 266 267 268 269 290 291 297 298 299 350 351 352 353 354 355 356 357 358 359 370 371 ' +
    '372 373 374 375 376 377 378 380 381 382 383 385 386 387 389 420 421 423 500 501 502 503 504 505 506 507 ' +
    '508 509 590 591 592 593 594 595 596 597 598 599 670 672 673 674 675 676 677 678 679 680 681 682 683 685 ' +
    '686 687 688 689 690 691 692 850 852 853 855 856 880 886 960 961 962 963 964 965 966 967 968 970 971 972 ' +
    '973 974 975 976 977 992 993 994 995 996 998'
  ).split(' '),
);

/** National significant number lengths [min, max] per country code; others get [7, 12]. */
const NSN_LENGTH: Readonly<Record<string, readonly [number, number]>> = {
  '1': [10, 10], '7': [10, 10], '20': [9, 10], '27': [9, 9], '30': [10, 10], '31': [9, 9], '32': [8, 9],
  '33': [9, 9], '34': [9, 9], '36': [8, 9], '39': [6, 11], '40': [9, 9], '41': [9, 9], '43': [7, 13],
  '44': [9, 10], '45': [8, 8], '46': [7, 10], '47': [8, 8], '48': [9, 9], '49': [6, 12], '52': [10, 10],
  '55': [10, 11], '61': [9, 9], '64': [8, 10], '65': [8, 8], '81': [9, 10], '82': [8, 10], '86': [10, 11],
  '90': [10, 10], '91': [10, 10], '351': [9, 9], '352': [6, 11], '353': [7, 9], '358': [5, 12], '420': [9, 9],
  '852': [8, 8], '971': [8, 9], '972': [8, 9],
};

/** Words that say a number is a phone number (en, de, fr, es, it, nl). */
const PHONE_WORDS = contextWords([
  'phone', 'telephone', 'tel', 'call', 'called', 'mobile', 'cell', 'cellphone', 'fax', 'whatsapp', 'sms', 'text',
  'contact', 'reach', 'dial', 'number', 'handy', 'telefon', 'telefonnummer', 'rufnummer', 'mobilnummer',
  'nummer', 'anrufen', 'erreichen', 'téléphone', 'tél', 'portable', 'numéro', 'appeler', 'rappeler', 'joindre',
  'teléfono', 'telefono', 'móvil', 'movil', 'llamar', 'número', 'cellulare', 'numero', 'chiamare', 'bellen',
  'mobiel', 'telefoonnummer',
]);

function hasPhoneContext(text: string, index: number): boolean {
  return hasContextWord(contextBefore(text, index, 40), PHONE_WORDS);
}

/** Whether `nsn` fits the numbering plan of `cc`. */
function isNsnValid(cc: string, nsn: string): boolean {
  const range = NSN_LENGTH[cc];
  const min = range === undefined ? 7 : range[0];
  const max = range === undefined ? 12 : range[1];
  if (nsn.length < min || nsn.length > max || cc.length + nsn.length > 15) return false;
  if (cc === '1') return isNanp(nsn);
  return nsn[0] !== '0' || cc === '39';
}

/** NANP: area and exchange start with 2-9; N11 area codes are service codes. */
function isNanp(d: string): boolean {
  return d.length === 10 && d[0]! >= '2' && d[3]! >= '2' && !(d[1] === '1' && d[2] === '1');
}

/**
 * International number: `+` (or `00`) then country code and national number. `groups` and `first`
 * are the number of digit groups and the length of the first; `trunkAt` is the offset in `digits`
 * of a bracketed trunk zero (`+44 (0)20 …`, not dialled), or -1.
 */
function isInternational(groups: number, first: number, digits: string, trunkAt: number): boolean {
  const d = trunkAt === -1 ? digits : digits.slice(0, trunkAt) + digits.slice(trunkAt + 1);
  if (groups > 1 && first <= 3 && COUNTRY_CODES.has(d.slice(0, first))) {
    const cc = d.slice(0, first);
    let nsn = d.slice(first);
    if (nsn[0] === '0' && cc !== '39') nsn = nsn.slice(1); // `+49 030 …`, a common slip
    return isNsnValid(cc, nsn);
  }
  for (let length = 1; length <= 3; length++) {
    const cc = d.slice(0, length);
    if (COUNTRY_CODES.has(cc)) return isNsnValid(cc, d.slice(length));
  }
  return false;
}

/** A compact national number (one group, after a phone word): trunk 0, NANP, ES/IT/IN mobile, or `+` left out. */
function isCompactNational(d: string): boolean {
  const n = d.length;
  if (d[0] === '0') return d[1] !== '0' && n >= 9 && n <= 12;
  // Digits only: a national number, or an international one written without `+` (`4930607079`).
  return isNanp(d) || (n === 9 && d[0]! >= '6') || (n === 10 && (d[0]! >= '6' || d[0] === '3')) || (n >= 10 && isInternational(1, n, d, -1));
}

/** Grouped national formats of NANP, UK, DE, FR, ES, IT, NL and IN; `d` holds the digits of groups i..j (i < j). */
function isGroupedNational(run: NumericRun, i: number, j: number, d: string): boolean {
  const n = d.length;
  const layout = layoutKey(run, i, j);
  // NANP: (NXX) NXX-XXXX, NXX-NXX-XXXX, NXX.NXX.XXXX, 1-NXX-NXX-XXXX; also IT mobile 3XX XXX XXXX.
  if (layout === 334 && isNanp(d)) return true;
  if (layout === 1334 && d[0] === '1' && isNanp(d.slice(1))) return true;
  // Trunk prefix 0 (UK, DE, FR, IT landlines, NL, IN): 0 + area + subscriber, 9-12 digits.
  if (d[0] === '0') {
    // 9-11 digits with the trunk 0 (FR/NL/IT 10, UK/IN 11, DE 9-11): a 12th digit is more often the
    // start of the next number in a list (`01 37 11 14 73 01 …`).
    if (d[1] === '0' || n < 9 || n > 11) return false;
    if (groupLength(run, i) > 5 || groupLength(run, i) < 2) return false;
    for (let k = i; k <= j; k++) if (groupLength(run, k) > 8) return false;
    return true;
  }
  // ES 6XX XXX XXX / 9X XXX XX XX; IN XXXXX XXXXX mobile; IT mobile 3XX XXXXXXX.
  if (n === 9 && d[0]! >= '6') return layout === 333 || layout === 3222 || layout === 2322;
  if (n === 10 && d[0]! >= '6') return layout === 55;
  if (n === 10 && d[0] === '3') return layout === 334 || layout === 37 || layout === 343;
  return false;
}

/**
 * Checks the separators of groups i..j: spaces, `-`, `.` or `/` (optionally spaced), and brackets
 * around one group. Returns the window index of a bracketed `0` group, -1 if none, -2 if invalid.
 */
function checkSeparators(run: NumericRun, i: number, j: number): number {
  let open = openBefore(run, i);
  let dots = false;
  let others = false;
  let trunk = -1;
  for (let k = i + 1; k <= j; k++) {
    const sep = run.sep[k]!;
    if (sep & SEP_BAD) return -2;
    if (sep & SEP_CLOSE) {
      if (!open) return -2;
      open = false;
    }
    if (sep & SEP_OPEN) {
      if (open) return -2;
      open = true;
      if (groupLength(run, k) === 1 && run.text.charCodeAt(run.gs[k]!) === 48 && closeAfter(run, k)) trunk = k - i;
    }
    if (sep & SEP_DOT) dots = true;
    if (sep & (SEP_DASH | SEP_SLASH)) others = true;
  }
  if (open && !closeAfter(run, j)) return -2;
  if (dots && others) return -2;
  return trunk;
}

/** Group layouts of the national formats that do not start with a trunk 0, as decimal keys (3-3-4 → 334). */
const NATIONAL_LAYOUTS = new Set([334, 1334, 333, 3222, 2322, 55, 37, 343]);

/**
 * The group lengths of groups i..j as a decimal key (3-3-4 → 334), or -1 when there are more than
 * four groups or a group of ten digits or more (no layout has either). Allocates nothing.
 */
function layoutKey(run: NumericRun, i: number, j: number): number {
  if (j - i > 3) return -1;
  let layout = 0;
  for (let k = i; k <= j; k++) {
    const length = groupLength(run, k);
    if (length > 9) return -1;
    layout = layout * 10 + length;
  }
  return layout;
}

function mayBeNational(run: NumericRun, i: number, j: number): boolean {
  const first = run.text.charCodeAt(run.gs[i]!);
  if (first === 48 || i === j) return true; // trunk 0, or compact (decided with context)
  return NATIONAL_LAYOUTS.has(layoutKey(run, i, j));
}

/** First-group lengths of the layouts above (3-3-4 → 3), derived so that the two cannot drift apart. */
const NATIONAL_FIRST_GROUP = new Set([...NATIONAL_LAYOUTS].map((layout) => Number(String(layout)[0])));

/**
 * Whether some window starting at group `i` can pass `mayBeNational` and the digit bounds of
 * `matchPhone`, for a number without `+` or a leading 0: one compact group of 6-12 digits, or a
 * group that starts a national layout. Rejects runs of `1234 1234 …` before any window is tried.
 */
function mayStartNational(run: NumericRun, i: number): boolean {
  const length = groupLength(run, i);
  return (length >= 6 && length <= 12) || NATIONAL_FIRST_GROUP.has(length);
}

/**
 * The last group index of a phone number starting at group `i`, or -1. The first tests (most groups
 * fail them) are kept apart so that they are inlined: a number starts after whitespace or at the
 * run start, with `+`, a trunk 0 or a group that can start a national layout.
 */
export function matchPhone(run: NumericRun, i: number): number {
  if (i === 0 && run.plus) return matchPhoneFrom(run, i);
  if (!canStartAt(run, i)) return -1;
  return run.text.charCodeAt(run.gs[i]!) === 48 || mayStartNational(run, i) ? matchPhoneFrom(run, i) : -1;
}

/**
 * `matchPhone` past its first tests. Tries the longest window
 * first; a window holds at most 16 digits, so the work per start is bounded.
 */
function matchPhoneFrom(run: NumericRun, i: number): number {
  const text = run.text;
  const plus = i === 0 && run.plus;
  if (!plus && !canStartAt(run, i)) return -1;
  if (!plus && text.charCodeAt(run.gs[i]!) !== 48 && !mayStartNational(run, i)) return -1;
  let last = i;
  let digits = groupLength(run, i);
  while (last + 1 < run.n && (run.sep[last + 1]! & SEP_BAD) === 0 && digits + groupLength(run, last + 1) <= 16) {
    last++;
    digits += groupLength(run, last);
  }
  for (let j = last; j >= i; j--) {
    if (j < last) digits -= groupLength(run, j + 1);
    if (digits < 6 || (!plus && digits > 12 && text.charCodeAt(run.gs[i]!) !== 48) || !canEndAt(run, j)) continue;
    if (!plus && !mayBeNational(run, i, j)) continue;
    const trunk = checkSeparators(run, i, j);
    if (trunk === -2) continue;
    const d = digitsOf(run, i, j);
    if (plus) {
      if (isInternational(j - i + 1, groupLength(run, i), d, trunk === -1 ? -1 : digitOffset(run, i, i + trunk))) return j;
      continue;
    }
    // A single group (the last window tried) needs a phone word before it.
    const context = i === j && hasPhoneContext(text, run.gs[i]!);
    if (d.startsWith('00') && d[2] !== '0' && (i < j || context)) {
      // The `00` prefix is no part of the country code: take it off the first group (or drop that group).
      const first = groupLength(run, i) - 2;
      const groups = first === 0 ? j - i : j - i + 1;
      if (isInternational(groups, first === 0 ? groupLength(run, i + 1) : first, d.slice(2), -1)) return j;
      continue;
    }
    if (trunk !== -1 || digits > 12) continue;
    const national = i === j ? context && isCompactNational(d) : isGroupedNational(run, i, j, d);
    if (national) return IDENTIFIER_WORDS.has(precedingWord(text, run.gs[i]!)) ? -1 : j;
  }
  return -1;
}

/** The number of digits in groups i..k-1 (the offset of group k in the window's digits). */
function digitOffset(run: NumericRun, i: number, k: number): number {
  let offset = 0;
  for (let g = i; g < k; g++) offset += groupLength(run, g);
  return offset;
}

/** Start of the span of a phone number whose first group is `i`: includes a leading `+` or `(`. */
export function phoneStart(run: NumericRun, i: number): number {
  if (i === 0) return run.start;
  return openBefore(run, i) ? run.gs[i]! - 1 : run.gs[i]!;
}

/** End of the span of a phone number whose last group is `j`: includes a closing `)` left open. */
export function phoneEnd(run: NumericRun, i: number, j: number): number {
  let open = openBefore(run, i);
  for (let k = i + 1; k <= j; k++) {
    const sep = run.sep[k]!;
    if (sep & SEP_CLOSE) open = false;
    if (sep & SEP_OPEN) open = true;
  }
  return open && closeAfter(run, j) ? run.ge[j]! + 1 : run.ge[j]!;
}
