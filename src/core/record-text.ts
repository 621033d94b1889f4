/**
 * The JSON text a chained record was hashed from, kept beside the record object: delivery sends
 * these very bytes instead of serialising the object again (one JSON.stringify less per decision,
 * and what reaches the endpoint is what the chain hashed, whatever happens to the object later).
 * A WeakMap, so the text lives exactly as long as the record.
 */
const texts = new WeakMap<object, string>();

/** Records `text` as the JSON of `record` (the chain writer, right after hashing). */
export function rememberRecordText(record: object, text: string): void {
  texts.set(record, text);
}

/** The JSON of `record`: the text the chain writer remembered, else `JSON.stringify(record)`. */
export function recordText(record: object): string {
  return texts.get(record) ?? JSON.stringify(record);
}
