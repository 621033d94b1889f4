// The digits of a window of groups, copied out as values 0-9 so that the card and phone checks read
// them by index (JavaScript joins them into a string; here nothing is allocated). Two scratch
// buffers, each as long as the text: a window can be one group of any length.
import { at } from './text';
import { ge, gs } from './numeric-run';
import { addWork } from './work';

export let digitsBase: usize = 0;
export let spareDigitsBase: usize = 0;

/** Copies the digits of groups i..j (inclusive) to `digitsBase`; returns how many. */
export function digitsOf(i: i32, j: i32): i32 {
  let n = 0;
  for (let k = i; k <= j; k++) {
    for (let p = gs(k), end = ge(k); p < end; p++, n++) store<u8>(digitsBase + <usize>n, <u8>(at(p) - 48));
  }
  addWork(n + j - i + 1);
  return n;
}

/** The digit at `k` of the buffer at `base`. */
@inline
export function digit(base: usize, k: i32): i32 {
  return <i32>load<u8>(base + <usize>k);
}

/** The decimal value of the digits [from, from + count) of the buffer at `base` (count ≤ 9). */
export function valueOf(base: usize, from: i32, count: i32): i32 {
  let value = 0;
  for (let k = 0; k < count; k++) value = value * 10 + digit(base, from + k);
  return value;
}

/** Where JavaScript's `s.slice(start)` of a string of `length` characters starts. */
export function sliceIndex(length: i32, start: i32): i32 {
  if (start < 0) return max(0, length + start);
  return min(start, length);
}
