import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redaction/index.js';
// @ts-expect-error -- plain .mjs modules without declarations
import { equivalenceInputs, equivalenceRedactors, findingsOf } from './corpus/equivalence-inputs.mjs';
// @ts-expect-error -- plain .mjs modules without declarations
import { REFERENCE_CHUNK, REFERENCE_FILE, REFERENCE_INPUTS } from './corpus/scan-reference.mjs';

// The WebAssembly scanner against the reference findings committed in
// test/redaction/corpus/scan-reference.json: on ~12,000 texts (generated corpus, mutations, token
// soups, random strings, long adversarial runs past the scratch areas' first size) and every
// configuration, the spans and redact() output must be exactly the recorded ones. A change meant to
// change findings rewrites the reference (node bench/redaction/equivalence.mjs --write-reference)
// and says so in its commit; `equivalence.mjs --base HEAD` lists the texts that changed.
describe('scan reference', () => {
  it('the working tree finds exactly the recorded findings', () => {
    const reference = JSON.parse(readFileSync(REFERENCE_FILE, 'utf8'));
    expect(reference.inputs).toEqual(REFERENCE_INPUTS);
    const texts: string[] = equivalenceInputs(REFERENCE_INPUTS);
    expect(texts.length).toBe(reference.texts);
    const redactors = equivalenceRedactors(createRedactor);
    const changed: string[] = [];
    let found = 0;
    for (let k = 0, chunk = 0; k < texts.length; k += REFERENCE_CHUNK, chunk++) {
      const hash = createHash('sha256');
      for (const text of texts.slice(k, k + REFERENCE_CHUNK)) {
        const line = findingsOf(redactors, text);
        found += line.length;
        hash.update(`${line}\n`);
      }
      if (hash.digest('hex').slice(0, 16) !== reference.digests[chunk]) changed.push(`texts ${k}-${Math.min(k + REFERENCE_CHUNK, texts.length) - 1}`);
    }
    expect(found).toBeGreaterThan(texts.length * 10);
    expect(changed, 'findings differ from the reference: node bench/redaction/equivalence.mjs --base HEAD lists the texts').toEqual([]);
  }, 60_000);
});
