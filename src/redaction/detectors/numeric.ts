import type { PiiSpan } from '../types.js';
import { matchCard } from './credit-card.js';
import { matchIpv4 } from './ipv4.js';
import type { NumericRun } from './numeric-run.js';
import { canStartAt, SEP_DASH, SEP_SINGLE } from './numeric-run.js';
import { matchPhone, phoneEnd, phoneStart } from './phone.js';
import { matchSsn } from './us-ssn.js';

export interface NumericTypes {
  ipv4: boolean;
  card: boolean;
  ssn: boolean;
  phone: boolean;
}

/**
 * IPv4, card, SSN and phone numbers share one numeric run: at each group the most specific
 * validated reading wins (an address, a Luhn-valid card, an SSN, then a phone number), and the scan
 * resumes after it. Inside an identifier glued to a word (`PL26 5399 0833 …`, `ORD-2021-605598`)
 * only strongly shaped values count: an IPv4 address or a dashed SSN.
 */
export function findInNumericRun(run: NumericRun, types: NumericTypes, out: PiiSpan[]): void {
  const n = run.n;
  for (let i = 0; i < n; i++) {
    if (!canStartAt(run, i)) continue;
    const loose = i >= run.looseFrom;
    let j = types.ipv4 ? matchIpv4(run, i) : -1;
    if (j !== -1) {
      out.push({ start: run.gs[i]!, end: run.ge[j]!, type: 'IPV4' });
      i = j;
      continue;
    }
    j = types.card && loose ? matchCard(run, i) : -1;
    if (j !== -1) {
      out.push({ start: run.gs[i]!, end: run.ge[j]!, type: 'CREDIT_CARD' });
      i = j;
      continue;
    }
    j = types.ssn && (loose || run.sep[i + 1] === (SEP_SINGLE | SEP_DASH)) ? matchSsn(run, i) : -1;
    if (j !== -1) {
      out.push({ start: run.gs[i]!, end: run.ge[j]!, type: 'US_SSN' });
      i = j;
      continue;
    }
    j = types.phone && loose ? matchPhone(run, i) : -1;
    if (j !== -1) {
      out.push({ start: phoneStart(run, i), end: phoneEnd(run, i, j), type: 'PHONE' });
      i = j;
    }
  }
}
