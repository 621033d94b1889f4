// Phone numbers as the national numbering plans define them, for the generated corpus. Written from
// the plans themselves (ITU-T E.164 and the ITU-T Operational Bulletin's national plan notices, and
// each regulator's published plan: ARCEP FR, BNetzA DE, Ofcom UK, CNMC ES, AGCOM IT, ACM NL, BIPT BE,
// RTR AT, ANACOM PT, ComReg IE, UKE PL, PTS SE, DBA DK, Traficom FI, EETT GR, CTU CZ, NMHH HU, ANCOM
// RO, BAKOM CH, Nkom NO, NANPA US/CA, TRAI/DoT IN, Anatel BR, IFT MX, ACMA AU, MIC JP, IMDA SG, ICASA
// ZA), never from a corpus the detector is judged on. The detector keeps its own table
// (src/redaction/wasm/assembly/numbering-plans.ts): the two are written separately, so a slip in one
// shows up as a miss.
//
// Each kind: the national significant number (NSN) it generates, and the written forms people use.
// In a form, X stands for the next digit: national forms spell the trunk prefix + NSN, international
// forms the NSN after the country code (which the form's prefix supplies).

const N = (r) => String(r.int(2, 9));

/** Country → { cc, kinds: [{ kind, nsn(r), national: [form], intl: [form] }] } */
export const PHONE_PLANS = [
  {
    country: 'FR', cc: '33', kinds: [
      { kind: 'mobile', nsn: (r) => r.pick(['6', '7']) + r.digits(8), national: ['XX XX XX XX XX', 'XXXXXXXXXX', 'XX.XX.XX.XX.XX', 'XX-XX-XX-XX-XX'], intl: ['X XX XX XX XX', 'XXXXXXXXX', '(0)X XX XX XX XX'] },
      { kind: 'fixed', nsn: (r) => String(r.int(1, 5)) + r.digits(8), national: ['XX XX XX XX XX', 'XX.XX.XX.XX.XX'], intl: ['X XX XX XX XX'] },
    ],
  },
  {
    country: 'DE', cc: '49', kinds: [
      { kind: 'mobile', nsn: (r) => r.pick(['151', '152', '157', '160', '162', '170', '171', '172', '173', '175', '176', '177', '178', '179']) + r.digits(8), national: ['XXXX XXXXXXXX', 'XXXX-XXXXXXXX', 'XXXX/XXXXXXXX', 'XXXXXXXXXXXX', 'XXXX XXX XXXXX'], intl: ['XXX XXXXXXXX', 'XXXXXXXXXXX', 'XXX XXX XXXXX', '(0)XXX XXXXXXXX'] },
      { kind: 'fixed', nsn: (r) => r.pick(['30', '40', '69', '89']) + String(r.int(2, 9)) + r.digits(7), national: ['XXX XXXXXXXX', 'XXX/XXXXXXXX', '(XXX) XXXX XXXX', 'XXX-XXXX XXXX'], intl: ['XX XXXXXXXX', 'XX XXXX XXXX', '(0)XX XXXXXXXX'] },
      { kind: 'fixed', nsn: (r) => r.pick(['221', '211', '341', '511', '711', '911']) + String(r.int(2, 9)) + r.digits(6), national: ['XXXX XXXXXXX', 'XXXX/XXXXXXX', 'XXXX-XXXXXXX'], intl: ['XXX XXXXXXX'] },
    ],
  },
  {
    country: 'GB', cc: '44', kinds: [
      { kind: 'mobile', nsn: (r) => `7${r.int(4, 9)}${r.digits(8)}`, national: ['XXXXX XXXXXX', 'XXXXXXXXXXX', 'XXXXX XXX XXX'], intl: ['XXXX XXXXXX', 'XXXXXXXXXX', '(0)XXXX XXXXXX', 'XXXX XXX XXX'] },
      { kind: 'fixed', nsn: (r) => `20${r.pick(['3', '7', '8'])}${r.digits(7)}`, national: ['XXX XXXX XXXX', '(XXX) XXXX XXXX'], intl: ['XX XXXX XXXX', '(0)XX XXXX XXXX'] },
      { kind: 'fixed', nsn: (r) => `1${r.pick(['13', '21', '61', '31', '41', '51'])}${r.int(2, 9)}${r.digits(6)}`, national: ['XXXX XXX XXXX', '(XXXX) XXX XXXX'], intl: ['XXX XXX XXXX'] },
    ],
  },
  {
    country: 'ES', cc: '34', kinds: [
      { kind: 'mobile', nsn: (r) => `6${r.digits(8)}`, national: ['XXX XXX XXX', 'XXX XX XX XX', 'XXXXXXXXX'], intl: ['XXX XXX XXX', 'XXX XX XX XX', 'XXXXXXXXX'] },
      { kind: 'fixed', nsn: (r) => `9${r.pick(['1', '3', '5', '6'])}${r.digits(7)}`, national: ['XX XXX XX XX', 'XXX XX XX XX'], intl: ['XX XXX XX XX'] },
    ],
  },
  {
    country: 'IT', cc: '39', kinds: [
      { kind: 'mobile', nsn: (r) => `3${r.pick(['20', '28', '33', '35', '38', '40', '47', '49', '66', '80', '89'])}${r.digits(7)}`, national: ['XXX XXX XXXX', 'XXX XXXXXXX', 'XXXXXXXXXX'], intl: ['XXX XXX XXXX', 'XXX XXXXXXX', 'XXXXXXXXXX'] },
      { kind: 'fixed', nsn: (r) => `0${r.pick(['2', '6'])}${r.digits(8)}`, national: ['XX XXXX XXXX', 'XX XXXXXXXX'], intl: ['XX XXXX XXXX'] },
    ],
  },
  {
    country: 'NL', cc: '31', kinds: [
      { kind: 'mobile', nsn: (r) => `6${r.int(1, 5)}${r.digits(7)}`, national: ['XX-XXXXXXXX', 'XX XX XX XX XX', 'XXXXXXXXXX', 'XX XXXX XXXX'], intl: ['X XXXXXXXX', 'X XX XX XX XX'] },
      { kind: 'fixed', nsn: (r) => `${r.pick(['20', '10', '70', '30'])}${r.int(2, 9)}${r.digits(6)}`, national: ['XXX-XXX XXXX', 'XXX XXX XXXX'], intl: ['XX XXX XXXX'] },
    ],
  },
  {
    country: 'BE', cc: '32', kinds: [
      { kind: 'mobile', nsn: (r) => `4${r.int(5, 9)}${r.digits(7)}`, national: ['XXXX XX XX XX', 'XXXX/XX.XX.XX', 'XXXXXXXXXX'], intl: ['XXX XX XX XX'] },
      { kind: 'fixed', nsn: (r) => `2${r.int(2, 9)}${r.digits(6)}`, national: ['XX XXX XX XX'], intl: ['X XXX XX XX'] },
    ],
  },
  { country: 'AT', cc: '43', kinds: [{ kind: 'mobile', nsn: (r) => `6${r.pick(['50', '60', '64', '76', '99'])}${r.digits(7)}`, national: ['XXXX XXXXXXX', 'XXXX/XXXXXXX'], intl: ['XXX XXXXXXX'] }] },
  { country: 'PT', cc: '351', kinds: [{ kind: 'mobile', nsn: (r) => `9${r.pick(['1', '2', '3', '6'])}${r.digits(7)}`, national: ['XXX XXX XXX'], intl: ['XXX XXX XXX'] }] },
  { country: 'IE', cc: '353', kinds: [{ kind: 'mobile', nsn: (r) => `8${r.pick(['3', '5', '6', '7', '9'])}${r.digits(7)}`, national: ['XXX XXX XXXX', 'XXX-XXXXXXX'], intl: ['XX XXX XXXX'] }] },
  { country: 'PL', cc: '48', kinds: [{ kind: 'mobile', nsn: (r) => `${r.pick(['5', '6', '7', '8'])}${r.digits(8)}`, national: ['XXX XXX XXX', 'XXX-XXX-XXX'], intl: ['XXX XXX XXX', 'XXXXXXXXX'] }] },
  { country: 'SE', cc: '46', kinds: [{ kind: 'mobile', nsn: (r) => `7${r.pick(['0', '2', '3', '6'])}${r.digits(7)}`, national: ['XXX-XXX XX XX', 'XXX XXX XX XX'], intl: ['XX XXX XX XX'] }] },
  { country: 'DK', cc: '45', kinds: [{ kind: 'mobile', nsn: (r) => `${r.int(2, 9)}${r.digits(7)}`, national: ['XX XX XX XX'], intl: ['XX XX XX XX', 'XXXXXXXX'] }] },
  { country: 'FI', cc: '358', kinds: [{ kind: 'mobile', nsn: (r) => `4${r.int(0, 6)}${r.digits(7)}`, national: ['XXX XXX XXXX', 'XXX-XXXXXXX'], intl: ['XX XXX XXXX'] }] },
  { country: 'GR', cc: '30', kinds: [{ kind: 'mobile', nsn: (r) => `69${r.int(0, 9)}${r.digits(7)}`, national: ['XXX XXX XXXX'], intl: ['XXX XXX XXXX'] }] },
  { country: 'CZ', cc: '420', kinds: [{ kind: 'mobile', nsn: (r) => `${r.pick(['60', '72', '73', '77'])}${r.digits(7)}`, national: ['XXX XXX XXX'], intl: ['XXX XXX XXX'] }] },
  { country: 'HU', cc: '36', kinds: [{ kind: 'mobile', nsn: (r) => `${r.pick(['20', '30', '70'])}${r.digits(7)}`, national: ['XX XX XXX XXXX'], intl: ['XX XXX XXXX'] }] },
  { country: 'RO', cc: '40', kinds: [{ kind: 'mobile', nsn: (r) => `7${r.int(2, 8)}${r.digits(7)}`, national: ['XXXX XXX XXX'], intl: ['XXX XXX XXX'] }] },
  { country: 'BG', cc: '359', kinds: [{ kind: 'mobile', nsn: (r) => `8${r.pick(['7', '8', '9'])}${r.digits(7)}`, national: ['XXXX XXX XXX'], intl: ['XX XXX XXXX'] }] },
  { country: 'HR', cc: '385', kinds: [{ kind: 'mobile', nsn: (r) => `9${r.pick(['1', '2', '5', '8'])}${r.digits(7)}`, national: ['XXX XXX XXXX'], intl: ['XX XXX XXXX'] }] },
  { country: 'LT', cc: '370', kinds: [{ kind: 'mobile', nsn: (r) => `6${r.digits(7)}`, national: ['X XXX XXXXX'], intl: ['XXX XXXXX'] }] },
  { country: 'EE', cc: '372', kinds: [{ kind: 'mobile', nsn: (r) => `5${r.digits(7)}`, national: ['XXXX XXXX'], intl: ['XXXX XXXX'] }] },
  { country: 'LU', cc: '352', kinds: [{ kind: 'mobile', nsn: (r) => `6${r.pick(['21', '61', '91'])}${r.digits(6)}`, national: ['XXX XXX XXX'], intl: ['XXX XXX XXX'] }] },
  {
    country: 'CH', cc: '41', kinds: [
      { kind: 'mobile', nsn: (r) => `7${r.int(5, 9)}${r.digits(7)}`, national: ['XXX XXX XX XX', 'XXXXXXXXXX'], intl: ['XX XXX XX XX', '(0)XX XXX XX XX'] },
      { kind: 'fixed', nsn: (r) => `${r.pick(['44', '31', '61', '22', '21'])}${r.int(2, 9)}${r.digits(6)}`, national: ['XXX XXX XX XX'], intl: ['XX XXX XX XX'] },
    ],
  },
  { country: 'NO', cc: '47', kinds: [{ kind: 'mobile', nsn: (r) => `${r.pick(['4', '9'])}${r.digits(7)}`, national: ['XXX XX XXX', 'XX XX XX XX'], intl: ['XXX XX XXX', 'XXXXXXXX'] }] },
  {
    country: 'US', cc: '1', kinds: [
      { kind: 'any', nsn: (r) => `${N(r)}${r.int(0, 9)}${r.pick(['2', '3', '4', '6', '7', '8', '9'])}${N(r)}${r.digits(6)}`, national: ['(XXX) XXX-XXXX', 'XXX-XXX-XXXX', 'XXX.XXX.XXXX', 'XXX XXX XXXX', 'XXXXXXXXXX', 'X-XXX-XXX-XXXX'], intl: ['XXX XXX XXXX', 'XXX-XXX-XXXX', '(XXX) XXX-XXXX', 'XXXXXXXXXX'] },
    ],
  },
  {
    country: 'IN', cc: '91', kinds: [
      { kind: 'mobile', nsn: (r) => `${r.int(6, 9)}${r.digits(9)}`, national: ['XXXXX XXXXX', 'XXXXX-XXXXX', 'XXXXXX XXXXX', 'XXXXXXXXXXX', 'X XXXXX XXXXX', 'XXXXXXXXXX'], intl: ['XXXXX XXXXX', 'XXXXX-XXXXX', 'XXXXXXXXXX', 'XXX XXX XXXX'] },
      { kind: 'fixed', nsn: (r) => `${r.pick(['11', '22', '33', '44', '80'])}${r.int(2, 6)}${r.digits(7)}`, national: ['XXX XXXX XXXX', 'XXX-XXXXXXXX', 'XXX-XXXX-XXXX'], intl: ['XX XXXX XXXX', 'XX-XXXXXXXX'] },
    ],
  },
  {
    country: 'BR', cc: '55', kinds: [
      { kind: 'mobile', nsn: (r) => `${r.pick(['11', '21', '31', '41', '51', '61', '71', '81'])}9${r.int(6, 9)}${r.digits(7)}`, national: ['(XX) XXXXX-XXXX', 'XX XXXXX-XXXX', '(XX) XXXXX XXXX'], intl: ['XX XXXXX-XXXX', '(XX) XXXXX-XXXX', 'XX XXXXX XXXX'] },
      { kind: 'fixed', nsn: (r) => `${r.pick(['11', '21', '31'])}${r.int(2, 5)}${r.digits(7)}`, national: ['(XX) XXXX-XXXX'], intl: ['XX XXXX-XXXX'] },
    ],
  },
  { country: 'MX', cc: '52', kinds: [{ kind: 'any', nsn: (r) => `${r.pick(['55', '33', '81'])}${r.int(1, 9)}${r.digits(7)}`, national: ['XX XXXX XXXX', '(XX) XXXX-XXXX', 'XX-XXXX-XXXX'], intl: ['XX XXXX XXXX', 'XXXXXXXXXX', '1 XX XXXX XXXX'] }] },
  {
    country: 'AU', cc: '61', kinds: [
      { kind: 'mobile', nsn: (r) => `4${r.digits(8)}`, national: ['XXXX XXX XXX', 'XXXXXXXXXX'], intl: ['XXX XXX XXX'] },
      { kind: 'fixed', nsn: (r) => `${r.pick(['2', '3', '7', '8'])}${r.int(3, 9)}${r.digits(7)}`, national: ['(XX) XXXX XXXX', 'XX XXXX XXXX'], intl: ['X XXXX XXXX'] },
    ],
  },
  {
    country: 'JP', cc: '81', kinds: [
      { kind: 'mobile', nsn: (r) => `${r.pick(['70', '80', '90'])}${r.int(1, 9)}${r.digits(7)}`, national: ['XXX-XXXX-XXXX', 'XXXXXXXXXXX'], intl: ['XX-XXXX-XXXX', 'XX XXXX XXXX'] },
      { kind: 'fixed', nsn: (r) => `${r.pick(['3', '6'])}${r.int(1, 9)}${r.digits(7)}`, national: ['XX-XXXX-XXXX'], intl: ['X-XXXX-XXXX'] },
    ],
  },
  { country: 'SG', cc: '65', kinds: [{ kind: 'mobile', nsn: (r) => `${r.pick(['8', '9'])}${r.digits(7)}`, national: ['XXXX XXXX'], intl: ['XXXX XXXX', 'XXXXXXXX'] }] },
  {
    country: 'ZA', cc: '27', kinds: [
      { kind: 'mobile', nsn: (r) => `${r.pick(['6', '7', '8'])}${r.int(1, 4)}${r.digits(7)}`, national: ['XXX XXX XXXX', 'XXXXXXXXXX'], intl: ['XX XXX XXXX'] },
      { kind: 'fixed', nsn: (r) => `${r.pick(['11', '21', '31'])}${r.int(2, 9)}${r.digits(6)}`, national: ['XXX XXX XXXX'], intl: ['XX XXX XXXX'] },
    ],
  },
];

/** Trunk prefix dialled before a national number (none where the plan is closed or has none). */
const TRUNK = { US: '1', IN: '0', LT: '8', HU: '06', DK: '', NO: '', GR: '', CZ: '', PT: '', PL: '', LU: '', EE: '', SG: '', MX: '', ES: '', IT: '' };

/** Fills the X of `form` with `digits` in order. */
function fill(form, digits) {
  let k = 0;
  const out = form.replace(/X/g, () => digits[k++]);
  if (k !== digits.length) throw new Error(`form ${form} needs ${k} digits, got ${digits}`);
  return out;
}

/** How the form is written, for the format name. */
function formName(value) {
  if (!/[^0-9+]/.test(value)) return 'compact';
  if (value.includes('(')) return 'parens';
  if (value.includes('/')) return 'slash';
  if (value.includes('.')) return 'dots';
  if (value.includes('-')) return 'dashes';
  return 'spaced';
}

/** One phone number of `plan`: `{ value, format }` (format: country_kind_national|intl_form). */
export function phoneNumber(r, plan) {
  const kind = r.pick(plan.kinds);
  const nsn = kind.nsn(r);
  if (r.chance(0.5)) {
    const form = r.pick(kind.intl);
    if (form.startsWith('1 ')) {
      // MX: the old mobile `1` after the country code, still written.
      const value = `+${plan.cc} ${fill(form, nsn)}`;
      return { value, format: `${plan.country}_${kind.kind}_intl_${formName(value)}` };
    }
    const prefix = r.pick(['+', '+', '+', '00']);
    const body = fill(form, nsn);
    // A compact number is written compact after the country code too; a grouped one with a space or dash.
    const joiner = form.startsWith('(0)') ? ' ' : body.length === nsn.length ? r.pick([' ', '']) : r.pick([' ', ' ', '-']);
    const value = `${prefix}${plan.cc}${joiner}${body}`;
    return { value, format: `${plan.country}_${kind.kind}_intl_${prefix === '00' ? '00' : formName(value.slice(1))}` };
  }
  const trunk = TRUNK[plan.country] ?? '0';
  const formsForLength = kind.national.filter((form) => (form.match(/X/g) ?? []).length === trunk.length + nsn.length || (form.match(/X/g) ?? []).length === nsn.length);
  const form = r.pick(formsForLength);
  const count = (form.match(/X/g) ?? []).length;
  const value = fill(form, count === nsn.length ? nsn : trunk + nsn);
  return { value, format: `${plan.country}_${kind.kind}_national_${formName(value)}` };
}
