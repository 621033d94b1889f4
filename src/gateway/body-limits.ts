import protobuf from 'protobufjs';

/**
 * Cheap pre-decode bounds, so a small body cannot expand into an unbounded number of objects:
 * a million empty spans is 2 MB of protobuf or 3 MB of JSON but hundreds of MB once decoded.
 */

/** Objects + arrays a JSON body may contain (≈ 60 MB of heap once parsed; realistic OTLP JSON has far fewer per MB). */
export const MAX_JSON_CONTAINERS = 1_000_000;

/** Counts `{` and `[` outside strings: an upper bound of the objects JSON.parse would allocate. */
export function countJsonContainers(body: Uint8Array, stopAbove: number): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++count > stopAbove) return count;
    }
  }
  return count;
}

const LENGTH_DELIMITED = 2;

/**
 * Counts the items of an export request on the wire — `resource_*` (field 1) → `scope_*` (field 2)
 * → spans / log records (field 2) — skipping everything else with protobufjs's reader, without
 * decoding a single item. Throws on invalid wire data (the decode would fail too).
 */
export function countProtobufItems(body: Uint8Array): number {
  return countAt(protobuf.Reader.create(body), body.length, [1, 2, 2]);
}

function countAt(reader: protobuf.Reader, end: number, path: readonly number[]): number {
  let count = 0;
  const [field, ...rest] = path;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    if (tag >>> 3 === field && wireType === LENGTH_DELIMITED) {
      const length = reader.uint32();
      const stop = reader.pos + length;
      if (stop > end) throw new RangeError('length beyond the message');
      if (rest.length === 0) {
        count++;
        reader.skip(length);
      } else {
        count += countAt(reader, stop, rest);
        reader.pos = stop;
      }
    } else reader.skipType(wireType);
  }
  return count;
}
