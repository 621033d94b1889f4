import type { Detector, PiiSpan } from '../types.js';
import { matchCard } from './credit-card.js';
import { forEachNumericRun } from './numeric-run.js';
import { matchPhone, phoneEnd, phoneStart } from './phone.js';
import { matchSsn } from './us-ssn.js';

/**
 * Card, SSN and phone numbers share one pass over the numeric runs of the text: at each group the
 * most specific validated reading wins (a Luhn-valid card, then an SSN, then a phone number), and
 * the scan resumes after it.
 */
export function createNumericDetector(types: ReadonlySet<string>): Detector {
  const card = types.has('CREDIT_CARD');
  const ssn = types.has('US_SSN');
  const phone = types.has('PHONE');
  return {
    type: 'NUMERIC',
    find(text: string, out: PiiSpan[]): void {
      forEachNumericRun(text, (run) => {
        const n = run.n;
        for (let i = 0; i < n; i++) {
          let j = card ? matchCard(run, i) : -1;
          if (j !== -1) {
            out.push({ start: run.gs[i]!, end: run.ge[j]!, type: 'CREDIT_CARD' });
            i = j;
            continue;
          }
          j = ssn ? matchSsn(run, i) : -1;
          if (j !== -1) {
            out.push({ start: run.gs[i]!, end: run.ge[j]!, type: 'US_SSN' });
            i = j;
            continue;
          }
          j = phone ? matchPhone(run, i) : -1;
          if (j !== -1) {
            out.push({ start: phoneStart(run, i), end: phoneEnd(run, i, j), type: 'PHONE' });
            i = j;
          }
        }
      });
    },
  };
}
