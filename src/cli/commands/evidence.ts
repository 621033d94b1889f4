import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  createEvidenceHeader,
  EVIDENCE_FRAMEWORKS,
  type EvidenceFramework,
  evidenceHeaderLine,
  evidenceRecordLine,
  readEvidenceLine,
} from '../../chain/evidence-pack.js';
import { parsePublicKey, publicKeyFingerprint } from '../../chain/format/signing-keys.js';
import { createChainVerifier } from '../../chain/verify/verify-chain.js';
import { parseCommandArgs, UsageError, writeLine } from '../cli-args.js';
import type { CliCommand } from '../cli-io.js';
import { readPublicKeyArg } from '../public-key-arg.js';
import { openByteChunks, openLines } from '../read-lines.js';
import { feedByteChunks } from '../verify-feed.js';
import { isBlank } from '../verify-lines.js';

const HELP = `Usage: vaxelia-otel evidence <file.jsonl> --out <pack.jsonl> [options]

Builds an evidence pack from a decision log: a header (chain heads, counts, period, public-key
fingerprint, verification result, a not-legal-advice notice), then every record wrapped with the
controls it supports. The records are kept byte-for-byte, so the pack itself passes
\`vaxelia-otel verify\`, which also holds the chains to the heads in the header.

Options:
  --out <file>          where to write the pack (required)
  --framework <name>    ${EVIDENCE_FRAMEWORKS.join(', ')} (default eu-ai-act)
  --public-key <key>    verify signatures too and put the key's fingerprint in the header
                        (a PEM file, base64 of the raw 32 bytes, or --public-key=<PEM text>)
  -h, --help            show this help

Exit status: 0 pack written and the log intact, 1 pack written but the log has problems (they are
counted in the header), 2 usage or I/O error. This evidence pack is not legal advice.
`;

export const evidenceCommand: CliCommand = {
  name: 'evidence',
  summary: 'build an evidence pack (EU AI Act controls) from a decision log',
  async run(args, io) {
    const parsed = parseCommandArgs(
      args,
      { out: { type: 'string' }, framework: { type: 'string' }, 'public-key': { type: 'string' } },
      HELP,
      io,
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length !== 1 || positionals[0] === '-') throw new UsageError('expected exactly one <file.jsonl> (not stdin: the log is read twice)');
    if (typeof values.out !== 'string') throw new UsageError('--out <pack.jsonl> is required');
    const framework = (values.framework ?? 'eu-ai-act') as EvidenceFramework;
    if (!EVIDENCE_FRAMEWORKS.includes(framework)) throw new UsageError(`unknown framework '${framework}'`);
    const input = positionals[0]!;
    const publicKeyText = values['public-key'] === undefined ? undefined : readPublicKeyArg(String(values['public-key']), io.cwd);
    const publicKey = publicKeyText === undefined ? undefined : parsePublicKey(publicKeyText);

    // Pass 1: verify, for the header. Pass 2: copy the records, annotated. Neither holds the log.
    const verifier = createChainVerifier(publicKey ? { publicKey } : {});
    await feedByteChunks(await openByteChunks(input, io), verifier, io, publicKey ? { signatures: { publicKey, all: true } } : {});
    const result = verifier.result();
    const header = createEvidenceHeader(result, {
      framework,
      source: input,
      ...(publicKey ? { publicKeyFingerprint: publicKeyFingerprint(publicKey) } : {}),
    });

    const outPath = resolve(io.cwd, values.out);
    const tmp = `${outPath}.${randomBytes(4).toString('hex')}.tmp`;
    const file = await open(tmp, 'w', 0o600);
    try {
      const chunks: string[] = [evidenceHeaderLine(header)];
      for await (const batch of (await openLines(input, io)).batches) {
        for (const line of batch) {
          if (isBlank(line)) continue;
          let value: unknown;
          try {
            value = JSON.parse(line);
          } catch {
            continue; // counted as a problem in the header already
          }
          const entry = readEvidenceLine(value);
          if (entry.type === 'header') continue;
          chunks.push(evidenceRecordLine(entry.record, framework, entry.type === 'plain' ? line.trim() : undefined));
        }
        if (chunks.length >= 1000) await file.write(`${chunks.splice(0).join('\n')}\n`);
      }
      if (chunks.length > 0) await file.write(`${chunks.join('\n')}\n`);
      await file.sync();
    } catch (error) {
      await file.close();
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
    await file.close();
    await rename(tmp, outPath);

    writeLine(
      io.stdout,
      `wrote ${values.out}: ${result.count} records in ${result.chains.length} chain(s); ` +
        (result.ok ? 'verification OK' : `${result.problems.length} problem(s) found (see \`vaxelia-otel verify ${input}\`)`),
    );
    writeLine(io.stdout, 'This evidence pack is not legal advice.');
    return result.ok ? 0 : 1;
  },
};
