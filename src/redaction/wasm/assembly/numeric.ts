// IPv4, card, SSN and phone numbers share one numeric run, unless it is a look-alike (a tracking
// number or an ISBN, `look-alikes.ts`). At each group the most specific validated reading wins (an address, a Luhn-valid card, an SSN, then a
// phone number), and the scan resumes after it. A phone number is a guess, a card is validated: a
// phone reading that would swallow the first groups of a card starting later in the run
// (`42 4111 1111 | 1111 1111`) is cut back to end before the card (or dropped when no shorter
// reading is a phone number), so the card is found at its own group and none of its digits leak.
// A card may start and end at any group boundary of the run (`1-4111 1111 1111 1111`,
// `4111 1111 1111 1111-12`, see `cardCanStartAt`), other readings only at whitespace.
// Inside an identifier glued to a word only strongly shaped values count: an IPv4 address or a
// dashed SSN.
import { found } from './imports';
import { matchCard } from './credit-card';
import { matchIpv4 } from './ipv4';
import { isLookAlikeRun } from './look-alikes';
import { canStartAt, cardCanStartAt, ge, gs, runGroups, runLooseFrom, sep, SEP_DASH, SEP_SINGLE } from './numeric-run';
import { matchPhone, phoneEnd, phoneStart } from './phone';
import { matchSsn } from './us-ssn';

/** Finding types reported through `found` (the order of `TYPE_NAMES` in `redaction-kernels.ts`; IBAN and IPv6 follow). */
export const TYPE_IPV4: i32 = 0;
export const TYPE_CREDIT_CARD: i32 = 1;
export const TYPE_US_SSN: i32 = 2;
export const TYPE_PHONE: i32 = 3;

/** Which numeric types are on (bits `1 << TYPE_*`). */
export let numericTypes: i32 = 0;

@inline
function isOn(type: i32): bool {
  return (numericTypes & (1 << type)) != 0;
}

/** The first of the groups `from..to` at which a card number starts, or -1. */
function firstCardWithin(from: i32, to: i32): i32 {
  if (!isOn(TYPE_CREDIT_CARD)) return -1;
  for (let k = max(from, runLooseFrom); k <= to; k++) {
    if (cardCanStartAt(k) && matchCard(k) != -1) return k;
  }
  return -1;
}

export function findInNumericRun(): void {
  // A tracking number or an ISBN holds nothing.
  if (isLookAlikeRun()) return;
  const n = runGroups;
  for (let i = 0; i < n; i++) {
    const loose = i >= runLooseFrom;
    if (!canStartAt(i)) {
      // A card also starts after a one-character gap (`1-4111 1111 1111 1111`); nothing else does.
      if (loose && isOn(TYPE_CREDIT_CARD) && cardCanStartAt(i)) {
        const j = matchCard(i);
        if (j != -1) {
          found(gs(i), ge(j), TYPE_CREDIT_CARD);
          i = j;
        }
      }
      continue;
    }
    let j = isOn(TYPE_IPV4) ? matchIpv4(i) : -1;
    if (j != -1) {
      found(gs(i), ge(j), TYPE_IPV4);
      i = j;
      continue;
    }
    j = isOn(TYPE_CREDIT_CARD) && loose ? matchCard(i) : -1;
    if (j != -1) {
      found(gs(i), ge(j), TYPE_CREDIT_CARD);
      i = j;
      continue;
    }
    j = isOn(TYPE_US_SSN) && (loose || sep(i + 1) == (SEP_SINGLE | SEP_DASH)) ? matchSsn(i) : -1;
    if (j != -1) {
      found(gs(i), ge(j), TYPE_US_SSN);
      i = j;
      continue;
    }
    j = isOn(TYPE_PHONE) && loose ? matchPhone(i, n - 1) : -1;
    if (j != -1) {
      // A validated card wins over the phone guess that overlaps it: only a phone ending before it counts.
      const card = firstCardWithin(i + 1, j);
      if (card != -1) j = matchPhone(i, card - 1);
    }
    if (j != -1) {
      found(phoneStart(i), phoneEnd(i, j), TYPE_PHONE);
      i = j;
    }
  }
}
