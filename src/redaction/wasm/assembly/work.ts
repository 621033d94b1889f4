// A count of the characters and digits the detectors read, for tests: the scan is linear when this
// grows in proportion to the text, whatever its content (a timing would depend on the machine).
// One addition per candidate read, not per character of prose.

export let work: u32 = 0;

@inline
export function addWork(amount: i32): void {
  work += <u32>amount;
}
