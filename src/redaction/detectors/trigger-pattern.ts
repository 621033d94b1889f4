/** Which trigger characters a scanner needs, by the detector types it runs. */
export interface TriggerSet {
  /** Digits: numeric runs and IBANs. */
  digits: boolean;
  /** `+` and `(`: a numeric run that starts with one. */
  openers: boolean;
  /** `@`: e-mail addresses. */
  at: boolean;
  /** `:`: IPv6 addresses. */
  colon: boolean;
}

/**
 * A global regex matching one trigger character, used to skip to the next one. It is a single
 * character class of code points below `A` on purpose: irregexp scans for such a class an order of
 * magnitude faster than a `charCodeAt` loop (about 0.1 ns a character against 4), while adding a
 * letter range or a lookahead to it makes it slower than the loop. So the IBAN trigger is its first
 * digit, not its capital letters, and the conditions after `+`, `(` and `:` are checked in code.
 * `undefined` when the set is empty.
 */
export function triggerPattern(set: TriggerSet): RegExp | undefined {
  let chars = '';
  if (set.digits) chars += '0-9';
  if (set.openers) chars += '+(';
  if (set.at) chars += '@';
  if (set.colon) chars += ':';
  return chars === '' ? undefined : new RegExp(`[${chars}]`, 'g');
}
