import type { BuiltinPiiType, Detector } from '../types.js';
import { emailDetector } from './email.js';
import { ibanDetector } from './iban.js';
import { ipv4Detector } from './ipv4.js';
import { ipv6Detector } from './ipv6.js';
import { createNumericDetector } from './numeric.js';

export const BUILTIN_TYPES: readonly BuiltinPiiType[] = ['EMAIL', 'PHONE', 'IPV4', 'IPV6', 'IBAN', 'CREDIT_CARD', 'US_SSN'];

/**
 * The built-in detectors in priority order: when two findings overlap, the earlier detector wins
 * (an IBAN's digits are not a card, an embedded IPv4 belongs to its IPv6 address).
 */
export function createBuiltinDetectors(types: readonly BuiltinPiiType[]): Detector[] {
  const enabled = new Set<string>(types);
  const out: Detector[] = [];
  if (enabled.has('EMAIL')) out.push(emailDetector);
  if (enabled.has('IBAN')) out.push(ibanDetector);
  if (enabled.has('IPV6')) out.push(ipv6Detector);
  if (enabled.has('IPV4')) out.push(ipv4Detector);
  if (enabled.has('CREDIT_CARD') || enabled.has('US_SSN') || enabled.has('PHONE')) out.push(createNumericDetector(enabled));
  return out;
}
