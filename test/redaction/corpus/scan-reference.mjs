// Where the reference findings live and which inputs they cover (see scan-reference.json and
// bench/redaction/equivalence.mjs --write-reference).
export const REFERENCE_FILE = new URL('./scan-reference.json', import.meta.url);
export const REFERENCE_INPUTS = { seed: 7, records: 400, random: 4000 };
/** Texts per digest: a mismatch names a chunk, and `equivalence.mjs --base HEAD` names the texts. */
export const REFERENCE_CHUNK = 500;
