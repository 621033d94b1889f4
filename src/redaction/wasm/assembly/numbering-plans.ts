// National numbering plans: what a national significant number (NSN) of a country looks like, how
// it is dialled at home (trunk prefix) and how it is written there (digit-group layouts). One line
// per country, so the rule for a country is read in one place and a new country is one line.
//
// Sources: ITU-T E.164 and the national numbering plans notified to the ITU (ITU-T Operational
// Bulletin, "National Numbering Plans" pages), each checked against the regulator's published plan:
// ARCEP (FR), BNetzA (DE), Ofcom (GB), CNMC (ES), AGCOM (IT), ACM (NL), BIPT (BE), RTR (AT), ANACOM
// (PT), ComReg (IE), UKE (PL), PTS (SE), Energistyrelsen (DK), Traficom (FI), EETT (GR), CTU (CZ),
// RU SK, NMHH (HU), ANCOM (RO), CRC (BG), HAKOM (HR), AKOS (SI), RRT (LT), SPRK (LV), TTJA (EE), ILR
// (LU), MCA (MT), OCECPR (CY), BAKOM (CH), Nkom (NO), NANPA (US/CA), DoT National Numbering Plan 2003
// (IN), Anatel (BR), IFT (MX), ACMA (AU), MIC (JP), IMDA (SG), ICASA (ZA).
//
// Fields, separated by spaces:
//   cc        country calling code
//   trunk     national (trunk) prefix written before the NSN at home, `-` if none is written
//   nsn       NSN length, `min-max`
//   lead      the digits an NSN may start with
//   mobile    NSN prefixes of mobile ranges, `,`-separated, `-` if not told apart; a compact
//             national mobile number (trunk + mobile NSN, one group of digits) needs no phone word
//   mlen      mobile NSN length, `min-max`
//   layouts   digit-group layouts of numbers written without a trunk prefix (`334` = 3, 3 and 4
//             digits), `,`-separated, `-` if none (numbers there are written with the trunk); `m`
//             after a layout: only mobile numbers in it (where other numbers of that shape abound)
const PLANS =
  // cc  trunk nsn   lead       mobile               mlen   layouts
  '33  0  9-9    123456789  6,7                  9-9    -;' + // FR
  '49  0  6-12   123456789  15,16,17             10-11  -;' + // DE
  '44  0  9-10   123789     7                    10-10  -;' + // GB
  '34  -  9-9    6789       6,7                  9-9    333,3222,2322;' + // ES
  '39  -  6-11   03         3                    9-10   334m,37m,343m;' + // IT (fixed NSNs keep their 0)
  '31  0  9-9    123456789  6                    9-9    -;' + // NL
  '32  0  8-9    123456789  4                    9-9    -;' + // BE
  '43  0  4-13   123456789  6                    10-13  -;' + // AT
  '351 -  9-9    29         9                    9-9    333m;' + // PT
  '353 0  7-9    12456789   8                    9-9    -;' + // IE
  '48  -  9-9    123456789  5,6,7,8              9-9    333m,2322;' + // PL
  '46  0  7-10   123456789  7                    9-9    -;' + // SE
  '45  -  8-8    23456789   -                    8-8    2222,44;' + // DK
  '358 0  5-12   123456789  4,50                 9-10   -;' + // FI
  '30  -  10-10  26         69                   10-10  334;' + // GR
  '420 -  9-9    123456789  6,7                  9-9    333m;' + // CZ
  '421 0  9-9    23456789   9                    9-9    -;' + // SK
  '36  06 8-9    123456789  20,30,31,50,70       9-9    -;' + // HU
  '40  0  9-9    237        7                    9-9    -;' + // RO
  '359 0  8-9    23456789   87,88,89,98          9-9    -;' + // BG
  '385 0  8-9    1234569    9                    8-9    -;' + // HR
  '386 0  8-8    1234567    3,4,5,6,7            8-8    -;' + // SI
  '370 8  8-8    3456789    6                    8-8    -;' + // LT (trunk 8)
  '371 -  8-8    2689       2                    8-8    44;' + // LV
  '372 -  7-8    345678     5                    7-8    44,34;' + // EE
  '352 -  4-11   2345678    6                    9-9    333m;' + // LU
  '356 -  8-8    2579       7,9                  8-8    44;' + // MT
  '357 -  8-8    29         9                    8-8    26,44;' + // CY
  '41  0  9-9    123456789  7                    9-9    -;' + // CH
  '47  -  8-8    234579     4,9                  8-8    323,2222,44;' + // NO
  '1   1  10-10  23456789   -                    10-10  334;' + // US/CA (NANP: see isNanp)
  '91  0  10-10  123456789  6,7,8,9              10-10  55m;' + // IN
  '55  -  10-11  123456789  -                    11-11  254,244;' + // BR (trunk + carrier code only for long distance)
  '52  -  10-11  123456789  -                    10-10  244;' + // MX (no trunk since 2019; +52 1 … old mobile)
  '61  0  9-9    23478      4                    9-9    -;' + // AU
  '81  0  9-10   123456789  70,80,90             10-10  -;' + // JP
  '65  -  8-8    3689       8,9                  8-8    44;' + // SG
  '27  0  9-9    12345678   6,7,8                9-9    -'; // ZA

// The tables live in static memory (`memory.data`), below the heap where `index.ts` lays out the
// scratch areas for the text: nothing here is allocated at run time.

@inline
function getAt(table: usize, k: i32): i32 {
  return load<i32>(table + (<usize>k << 2));
}

@inline
function setAt(table: usize, k: i32, value: i32): void {
  store<i32>(table + (<usize>k << 2), value);
}

/** Shortest and longest NSN of country code `cc` (which has a plan line). */
export function nsnMin(cc: i32): i32 {
  return getAt(PLAN_NSN_MIN, cc);
}

export function nsnMax(cc: i32): i32 {
  return getAt(PLAN_NSN_MAX, cc);
}

/** Country codes with a plan line, in table order. */
const PLAN_CC = memory.data((64) * 4);
let planCount = 0;
/** Per country code 0-999: trunk value (-1 none), trunk length, NSN min/max, lead-digit mask, mobile length min/max. */
const TRUNK = memory.data((1000) * 4);
const TRUNK_LENGTH = memory.data((1000) * 4);
const PLAN_NSN_MIN = memory.data((1000) * 4);
const PLAN_NSN_MAX = memory.data((1000) * 4);
const LEAD_MASK = memory.data((1000) * 4);
const MOBILE_MIN = memory.data((1000) * 4);
const MOBILE_MAX = memory.data((1000) * 4);
/** Mobile prefixes: (cc, prefix value, prefix length) triples, a country's side by side. */
const MOBILE = memory.data((3 * 128) * 4);
let mobileCount = 0;
/** Per country code: index of its first mobile prefix in `MOBILE`, and how many it has. */
const MOBILE_FROM = memory.data((1000) * 4);
const MOBILE_COUNT = memory.data((1000) * 4);
/** Bit d set when some plan's trunk prefix starts with digit d (a number starting otherwise has none). */
let trunkLeads = 0;
/** Layouts of numbers written without trunk: (cc, layout key, mobile only) triples. */
const LAYOUT = memory.data((3 * 64) * 4);
let layoutCount = 0;
/** Per layout key 0-9999: 1 when some country writes numbers in that layout. */
const IS_LAYOUT = memory.data(10000);

let cursor = 0;

function skipSpaces(): void {
  while (cursor < PLANS.length && PLANS.charCodeAt(cursor) == 32) cursor++;
}

/** Reads a number; `length` of the last read in `lastLength`. */
let lastLength = 0;
function readNumber(): i32 {
  skipSpaces();
  let value = 0;
  lastLength = 0;
  while (cursor < PLANS.length) {
    const c = PLANS.charCodeAt(cursor);
    if (c < 48 || c > 57) break;
    value = value * 10 + c - 48;
    lastLength++;
    cursor++;
  }
  return value;
}

/** Skips a `-` field; true when there was one. */
function isNone(): bool {
  skipSpaces();
  if (PLANS.charCodeAt(cursor) != 45) return false;
  cursor++;
  return true;
}

function expect(c: i32): void {
  if (PLANS.charCodeAt(cursor) == c) cursor++;
}

while (cursor < PLANS.length) {
  const cc = readNumber();
  setAt(PLAN_CC, planCount++, cc);
  if (isNone()) setAt(TRUNK, cc, -1);
  else {
    setAt(TRUNK, cc, readNumber());
    setAt(TRUNK_LENGTH, cc, lastLength);
    // The first digit of the trunk (`06` → 0).
    if (cc != 1) trunkLeads |= 1 << (lastLength == 2 ? getAt(TRUNK, cc) / 10 : getAt(TRUNK, cc));
  }
  setAt(PLAN_NSN_MIN, cc, readNumber());
  expect(45);
  setAt(PLAN_NSN_MAX, cc, readNumber());
  skipSpaces();
  let mask = 0;
  while (cursor < PLANS.length && PLANS.charCodeAt(cursor) != 32) mask |= 1 << (PLANS.charCodeAt(cursor++) - 48);
  setAt(LEAD_MASK, cc, mask);
  setAt(MOBILE_FROM, cc, mobileCount);
  if (!isNone()) {
    do {
      const prefix = readNumber();
      setAt(MOBILE, mobileCount * 3, cc);
      setAt(MOBILE, mobileCount * 3 + 1, prefix);
      setAt(MOBILE, mobileCount * 3 + 2, lastLength);
      mobileCount++;
    } while (PLANS.charCodeAt(cursor++) == 44);
    cursor--;
  }
  setAt(MOBILE_COUNT, cc, mobileCount - getAt(MOBILE_FROM, cc));
  setAt(MOBILE_MIN, cc, readNumber());
  expect(45);
  setAt(MOBILE_MAX, cc, readNumber());
  if (!isNone()) {
    do {
      setAt(LAYOUT, layoutCount * 3, cc);
      const layout = readNumber();
      setAt(LAYOUT, layoutCount * 3 + 1, layout);
      store<u8>(IS_LAYOUT + <usize>(layout), <u8>1);
      const mobileOnly = PLANS.charCodeAt(cursor) == 109; // m
      if (mobileOnly) cursor++;
      setAt(LAYOUT, layoutCount * 3 + 2, mobileOnly ? 1 : 0);
      layoutCount++;
    } while (PLANS.charCodeAt(cursor++) == 44);
    cursor--;
  }
  skipSpaces();
  expect(59);
}

/** Whether country code `cc` has a plan line. */
@inline
export function hasPlan(cc: i32): bool {
  return getAt(LEAD_MASK, cc) != 0;
}

/** The decimal value of `length` digits of the buffer at `base` from `from`. */
function valueAt(base: usize, from: i32, length: i32): i32 {
  let value = 0;
  for (let k = 0; k < length; k++) value = value * 10 + <i32>load<u8>(base + <usize>(from + k));
  return value;
}

/** Whether the NSN (base, from, length) may start with its first digit in the plan of `cc`. */
export function leadFits(cc: i32, base: usize, from: i32): bool {
  return (getAt(LEAD_MASK, cc) & (1 << <i32>load<u8>(base + <usize>from))) != 0;
}

/** Whether the NSN (base, from, length) starts with a mobile prefix of `cc` and has a mobile length. */
export function isMobileNsn(cc: i32, base: usize, from: i32, length: i32): bool {
  if (length < getAt(MOBILE_MIN, cc) || length > getAt(MOBILE_MAX, cc)) return false;
  for (let k = getAt(MOBILE_FROM, cc), end = k + getAt(MOBILE_COUNT, cc); k < end; k++) {
    const prefixLength = getAt(MOBILE, k * 3 + 2);
    if (prefixLength <= length && valueAt(base, from, prefixLength) == getAt(MOBILE, k * 3 + 1)) return true;
  }
  return false;
}

/**
 * The country whose plan the national number (base, 0, n) fits when written with its trunk
 * prefix: the trunk, then an NSN of the country's length and lead digit; -1 if none. With
 * `mobileOnly`, only a mobile NSN counts.
 */
export function trunkCountry(base: usize, n: i32, mobileOnly: bool): i32 {
  if ((trunkLeads & (1 << <i32>load<u8>(base))) == 0) return -1;
  for (let k = 0; k < planCount; k++) {
    const cc = getAt(PLAN_CC, k);
    const trunkLength = getAt(TRUNK_LENGTH, cc);
    if (getAt(TRUNK, cc) < 0 || cc == 1 || trunkLength >= n) continue;
    if (valueAt(base, 0, trunkLength) != getAt(TRUNK, cc)) continue;
    const length = n - trunkLength;
    if (mobileOnly) {
      if (isMobileNsn(cc, base, trunkLength, length)) return cc;
    } else if (length >= getAt(PLAN_NSN_MIN, cc) && length <= getAt(PLAN_NSN_MAX, cc) && leadFits(cc, base, trunkLength)) return cc;
  }
  return -1;
}

/** Whether some country writes national numbers in layout `layout` (see `layoutCountry`). */
@inline
export function isPlanLayout(layout: i32): bool {
  return <u32>layout < 10000 && load<u8>(IS_LAYOUT + <usize>layout) != 0;
}

/**
 * The country that writes its national numbers without trunk prefix in layout `layout` and whose
 * plan the `n` digits at `base` fit (length and lead digit, or a mobile prefix); -1 if none.
 */
export function layoutCountry(layout: i32, base: usize, n: i32): i32 {
  for (let k = 0; k < layoutCount; k++) {
    if (getAt(LAYOUT, k * 3 + 1) != layout) continue;
    const cc = getAt(LAYOUT, k * 3);
    if (cc == 1) continue; // NANP has its own rule
    if (getAt(LAYOUT, k * 3 + 2) != 0) {
      if (isMobileNsn(cc, base, 0, n)) return cc;
    } else if (n >= getAt(PLAN_NSN_MIN, cc) && n <= getAt(PLAN_NSN_MAX, cc) && leadFits(cc, base, 0)) return cc;
  }
  return -1;
}
