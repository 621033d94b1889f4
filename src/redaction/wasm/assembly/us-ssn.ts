// US social security numbers in a numeric run: `123-45-6789` anywhere; `123 45 6789` and
// `123456789` only after a social-security word.
import { hasIdentifierBefore, hasSsnContext } from './context-words';
import { at } from './text';
import { canEndAt, ge, groupLength, gs, runGroups, runPlus, sep, SEP_DASH, SEP_SINGLE, SEP_SPACE } from './numeric-run';

/** SSA rules: area 001-899 except 666, group 01-99, serial 0001-9999. */
function isSsnValid(area: i32, group: i32, serial: i32): bool {
  return area > 0 && area < 900 && area != 666 && group > 0 && serial > 0;
}

function decimalValue(from: i32, to: i32): i32 {
  let value = 0;
  for (let k = from; k < to; k++) value = value * 10 + at(k) - 48;
  return value;
}

/** The last group index of a social security number starting at group `i`, or -1. */
@inline
export function matchSsn(i: i32): i32 {
  const first = groupLength(i);
  return first == 3 || first == 9 ? matchSsnFrom(i) : -1;
}

function matchSsnFrom(i: i32): i32 {
  if (i == 0 && runPlus) return -1;
  const first = groupLength(i);
  if (first == 9) {
    if (!canEndAt(i)) return -1;
    const g = gs(i);
    const valid = isSsnValid(decimalValue(g, g + 3), decimalValue(g + 3, g + 5), decimalValue(g + 5, g + 9));
    // `SSN … on file. Invoice 193745022`: the word right before names another number.
    return valid && hasSsnContext(g) && !hasIdentifierBefore(g) ? i : -1;
  }
  if (first != 3 || i + 2 >= runGroups || groupLength(i + 1) != 2 || groupLength(i + 2) != 4) return -1;
  if (!canEndAt(i + 2)) return -1;
  const s1 = sep(i + 1);
  if (sep(i + 2) != s1) return -1;
  const dashed = s1 == (SEP_SINGLE | SEP_DASH);
  if (!dashed && !(s1 == (SEP_SINGLE | SEP_SPACE) && hasSsnContext(gs(i)))) return -1;
  const area = decimalValue(gs(i), ge(i));
  return isSsnValid(area, decimalValue(gs(i + 1), ge(i + 1)), decimalValue(gs(i + 2), ge(i + 2))) ? i + 2 : -1;
}
