// Generated values for the corpus: the PII types (from their specifications) and the look-alikes
// that must not be taken for them (hard negatives), each with a format name for the per-format
// figures. Check digits are computed as each specification defines them. A value may come with
// `before` and `after`: text written next to it in the same token that is not part of it.
import { createRandom } from './random.mjs';

/** ISO 13616 / SWIFT IBAN Registry: country → BBAN structure (n digits, a upper-case letters, c alphanumerics). */
const IBAN_BBAN = {
  DE: '18n', FR: '10n11c2n', GB: '4a14n', ES: '20n', IT: '1a10n12c', NL: '4a10n', BE: '12n', AT: '16n', CH: '5n12c',
  PL: '24n', PT: '21n', IE: '4a14n', SE: '20n', DK: '14n', FI: '14n', NO: '11n', LU: '3n13c', CZ: '20n', SK: '20n',
  HU: '24n', RO: '4a16c', BG: '4a6n8c', HR: '17n', SI: '15n', LT: '16n', LV: '4a13c', EE: '16n', GR: '7n16c',
  CY: '8n16c', MT: '4a5n18c', BR: '23n1a1c', SA: '2n18c', AE: '19n', TR: '5n1n16c',
};

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function bban(r, structure) {
  let out = '';
  for (const [, count, kind] of structure.matchAll(/(\d+)([nac])/g)) {
    for (let k = 0; k < Number(count); k++) out += kind === 'n' ? String(r.int(0, 9)) : kind === 'a' ? r.pick([...LETTERS]) : r.pick([...ALNUM]);
  }
  return out;
}

/** ISO 7064 MOD 97-10 remainder of an IBAN-ordered string (letters as 10..35). */
function mod97(s) {
  let remainder = 0;
  for (const c of s) {
    const v = Number.parseInt(c, 36);
    remainder = v < 10 ? (remainder * 10 + v) % 97 : (remainder * 100 + v) % 97;
  }
  return remainder;
}

/** An IBAN as people write it: compact, print form (groups of 4), lower case, or another grouping. */
export function iban(r) {
  const country = r.pick(Object.keys(IBAN_BBAN));
  const body = bban(r, IBAN_BBAN[country]);
  const check = String(98 - mod97(`${body}${country}00`)).padStart(2, '0');
  const compact = `${country}${check}${body}`;
  const grouped = compact.replace(/(.{4})(?=.)/g, '$1 ');
  const form = r.pick(['print', 'print', 'compact', 'compact', 'lower_print', 'lower_compact', 'dashes', 'mixed_case', 'nbsp']);
  const value = {
    print: grouped,
    compact,
    lower_print: grouped.toLowerCase(),
    lower_compact: compact.toLowerCase(),
    dashes: compact.replace(/(.{4})(?=.)/g, '$1-'),
    mixed_case: `${country}${check}${body.toLowerCase()}`.replace(/(.{4})(?=.)/g, '$1 '),
    nbsp: grouped.replace(/ /g, '\u00a0'),
  }[form];
  return { value, format: `${country}_${form}` };
}

function luhnCheck(partial) {
  let sum = 0;
  for (let k = 0; k < partial.length; k++) {
    let d = Number(partial[partial.length - 1 - k]);
    if (k % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Payment card numbers (ISO/IEC 7812: issuer prefix, Luhn check digit). */
export function card(r) {
  const [brand, prefix, length] = r.pick([
    ['visa', () => '4', 16],
    ['mastercard', () => String(r.int(51, 55)), 16],
    ['amex', () => r.pick(['34', '37']), 15],
    ['discover', () => '6011', 16],
  ]);
  const head = prefix();
  const partial = head + r.digits(length - head.length - 1);
  const number = partial + luhnCheck(partial);
  const grouping = length === 15 ? [4, 6, 5] : [4, 4, 4, 4];
  const sep = r.pick([' ', '-', '']);
  const groups = [];
  for (let k = 0, g = 0; g < grouping.length; k += grouping[g++]) groups.push(number.slice(k, k + grouping[g]));
  const value = groups.join(sep);
  const format = `${brand}_${sep === '' ? 'compact' : sep === ' ' ? 'spaced' : 'dashes'}`;
  // One card in three sits inside a longer digit run, as forms and logs glue them: a count or
  // line number before it, an expiry date or a sequence number after it. The shape is drawn from
  // a source seeded by the card's own digits, not from `r`, so every other record of the corpus
  // stays the same as before these shapes were added (figures before and after compare alike).
  const own = createRandom(Number(number.slice(-9)) + 1);
  if (!own.chance(1 / 3)) return { value, format };
  const mmyy = `${pad(own.int(1, 12))}${pad(own.int(26, 34))}`;
  const [shape, before, after] = own.pick([
    ['dash_after', '', `-${own.digits(2)}`],
    ['dash_before', `${own.int(1, 99)}-`, ''],
    ['group_before', `${own.int(1, 99)} `, ''],
    ['expiry_after', '', ` ${mmyy}`],
    ['slash_expiry_after', '', `/${mmyy}`],
    ['dash_both', `${own.int(1, 9)}-`, `-${own.digits(2)}`],
  ]);
  return { value, format: `in_run_${shape}`, before, after };
}

/** US social security numbers (SSA: area 001-899 except 666, group 01-99, serial 0001-9999). */
export function ssn(r) {
  let area = r.int(1, 899);
  if (area === 666) area = 667;
  const value = `${String(area).padStart(3, '0')}-${String(r.int(1, 99)).padStart(2, '0')}-${String(r.int(1, 9999)).padStart(4, '0')}`;
  return { value, format: 'dashed' };
}

const FIRST = ['anna', 'jean', 'li', 'priya', 'lukas', 'maria', 'sven', 'yuki', 'thabo', 'ines', 'rahul', 'chloe'];
const LAST = ['mueller', 'dupont', 'wang', 'sharma', 'rossi', 'garcia', 'jensen', 'tanaka', 'nkosi', 'silva'];
const DOMAINS = ['example.com', 'mail.example.de', 'firma.ch', 'correo.es', 'post.example.co.uk', 'uni-example.fr', 'example.in'];

/** E-mail addresses (RFC 5322 dot-atoms as people use them). */
export function email(r) {
  const form = r.pick(['first.last', 'flast', 'plus']);
  const first = r.pick(FIRST);
  const last = r.pick(LAST);
  const local = form === 'first.last' ? `${first}.${last}` : form === 'flast' ? `${first[0]}${last}` : `${first}+${r.pick(['shop', 'news'])}`;
  return { value: `${local}@${r.pick(DOMAINS)}`, format: form };
}

/** IPv4 (RFC 791 dotted quad) and IPv6 (RFC 4291 / RFC 5952 text forms). */
export function ipv4(r) {
  const form = r.pick(['public', 'private']);
  const value = form === 'private' ? `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}` : `${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
  return { value, format: form };
}

export function ipv6(r) {
  const hex = () => r.int(1, 0xffff).toString(16);
  const form = r.pick(['full', 'compressed']);
  const value = form === 'full' ? `2001:db8:${Array.from({ length: 6 }, hex).join(':')}` : `2001:db8:${hex()}::${hex()}`;
  return { value, format: form };
}

// ---- Hard negatives: look-alikes that are not personal data ----

/** GS1 / USPS / FedEx mod-10 check digit (weights 3 and 1 from the right). */
function mod10Weighted(partial) {
  let sum = 0;
  for (let k = 0; k < partial.length; k++) sum += Number(partial[partial.length - 1 - k]) * (k % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

/** Carrier tracking numbers, each with the check digit its carrier defines. */
export function tracking(r) {
  const carrier = r.pick(['ups', 'fedex12', 'fedex15', 'fedex20', 'fedex22', 'usps20', 'usps22', 'dhl10', 'royalmail']);
  let value;
  if (carrier === 'ups') {
    // UPS 1Z: shipper (6 alphanumerics), service (2 digits), package (7 digits), check digit over the 15.
    const body = `${Array.from({ length: 6 }, () => r.pick([...ALNUM])).join('')}${r.digits(9)}`;
    let sum = 0;
    for (let k = 0; k < body.length; k++) {
      const c = body[k];
      const v = /\d/.test(c) ? Number(c) : (c.charCodeAt(0) - 63) % 10;
      sum += k % 2 === 1 ? v * 2 : v;
    }
    value = `1Z${body}${(10 - (sum % 10)) % 10}`;
    if (r.chance(0.3)) value = `${value.slice(0, 2)} ${value.slice(2, 5)} ${value.slice(5, 8)} ${value.slice(8, 10)} ${value.slice(10, 14)} ${value.slice(14)}`;
  } else if (carrier === 'fedex12') {
    // FedEx Express: 11 digits and a check digit, weights 1, 3, 7 from the right, mod 11 (10 → 0).
    const partial = r.digits(11);
    let sum = 0;
    for (let k = 0; k < 11; k++) sum += Number(partial[10 - k]) * [1, 3, 7][k % 3];
    value = partial + String((sum % 11) % 10);
  } else if (carrier === 'fedex15' || carrier === 'fedex20' || carrier === 'fedex22') {
    const length = Number(carrier.slice(5));
    const partial = (carrier === 'fedex22' ? '96' : '') + r.digits(length - 1 - (carrier === 'fedex22' ? 2 : 0));
    value = partial + mod10Weighted(partial);
  } else if (carrier === 'usps20' || carrier === 'usps22') {
    // USPS Intelligent Mail package barcode: 92/93/94/95 service prefix, mod-10 check digit.
    const length = Number(carrier.slice(4));
    const partial = r.pick(['9400', '9205', '9361', '9505']) + r.digits(length - 5);
    value = partial + mod10Weighted(partial);
  } else if (carrier === 'dhl10') {
    // DHL Express waybill: 9 digits and a mod-7 check digit.
    const partial = String(r.int(1, 9)) + r.digits(8);
    value = partial + String(Number(partial) % 7);
  } else {
    // UPU S10 (Royal Mail and other posts): 2 letters, 8 digits, check digit (weights 8 6 4 2 3 5 9 7, mod 11), country.
    const serial = r.digits(8);
    const sum = [...serial].reduce((s, d, k) => s + Number(d) * [8, 6, 4, 2, 3, 5, 9, 7][k], 0);
    const check = 11 - (sum % 11);
    value = `${r.pick(['RR', 'RX', 'LY', 'CP', 'EE'])}${serial}${check === 10 ? 0 : check === 11 ? 5 : check}${r.pick(['GB', 'GB', 'DE', 'FR', 'US'])}`;
  }
  if (/^\d{16,}$/.test(value) && r.chance(0.4)) value = value.replace(/(.{4})(?=.)/g, '$1 ');
  const name = { ups: 'UPS', dhl10: 'DHL Express', royalmail: 'Royal Mail' }[carrier] ?? (carrier.startsWith('usps') ? 'USPS' : 'FedEx');
  return { value, kind: 'TRACKING', format: carrier, carrier: name };
}

/** ISBN-10 (mod 11) and ISBN-13 (EAN-13 mod 10), hyphenated or not. */
export function isbn(r) {
  if (r.chance(0.5)) {
    const partial = `978${r.int(0, 9)}${r.digits(8)}`;
    let sum = 0;
    for (let k = 0; k < 12; k++) sum += Number(partial[k]) * (k % 2 === 0 ? 1 : 3);
    const digits = partial + String((10 - (sum % 10)) % 10);
    const value = r.chance(0.5) ? `${digits.slice(0, 3)}-${digits[3]}-${digits.slice(4, 7)}-${digits.slice(7, 12)}-${digits[12]}` : digits;
    return { value, kind: 'ISBN', format: 'isbn13' };
  }
  const partial = `${r.int(0, 9)}${r.digits(8)}`;
  let sum = 0;
  for (let k = 0; k < 9; k++) sum += Number(partial[k]) * (10 - k);
  const check = (11 - (sum % 11)) % 11;
  const digits = partial + (check === 10 ? 'X' : String(check));
  const value = r.chance(0.5) ? `${digits[0]}-${digits.slice(1, 4)}-${digits.slice(4, 9)}-${digits[9]}` : digits;
  return { value, kind: 'ISBN', format: 'isbn10' };
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** Timestamps and dates as logs and people write them. */
export function timestamp(r) {
  const y = r.int(2019, 2027);
  const mo = pad(r.int(1, 12));
  const d = pad(r.int(1, 28));
  const t = `${pad(r.int(0, 23))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}`;
  const form = r.pick(['unix_s', 'unix_ms', 'iso', 'iso_space', 'date_dmy_dots', 'date_mdy_slash', 'date_iso', 'compact_datetime']);
  const unix = String(r.int(1_550_000_000, 1_820_000_000));
  const value = {
    unix_s: unix,
    unix_ms: unix + r.digits(3),
    iso: `${y}-${mo}-${d}T${t}Z`,
    iso_space: `${y}-${mo}-${d} ${t}`,
    date_dmy_dots: `${d}.${mo}.${y}`,
    date_mdy_slash: `${mo}/${d}/${y}`,
    date_iso: `${y}-${mo}-${d}`,
    compact_datetime: `${y}${mo}${d}${t.replace(/:/g, '')}`,
  }[form];
  return { value, kind: 'TIMESTAMP', format: form };
}

/** Version strings (SemVer, four-part builds). */
export function version(r) {
  const form = r.pick(['semver', 'v_semver', 'four_part']);
  const value = form === 'four_part' ? `${r.int(1, 12)}.${r.int(0, 9)}.${r.int(1000, 22631)}.${r.int(1, 4000)}` : `${form === 'v_semver' ? 'v' : ''}${r.int(0, 24)}.${r.int(0, 40)}.${r.int(0, 99)}`;
  return { value, kind: 'VERSION', format: form };
}

/** Order, invoice and customer numbers. */
export function orderNumber(r) {
  const form = r.pick(['prefixed', 'hash', 'year_serial', 'bare10', 'bare9']);
  const value = {
    prefixed: `${r.pick(['ORD', 'INV', 'PO', 'CUST'])}-${r.digits(8)}`,
    hash: `#${r.int(1, 9)}${r.digits(8)}`,
    year_serial: `${r.int(2019, 2027)}-${r.digits(6)}`,
    bare10: `${r.int(1, 9)}${r.digits(9)}`,
    bare9: `${r.int(1, 9)}${r.digits(8)}`,
  }[form];
  return { value, kind: 'ORDER', format: form };
}
