import { parsePublicKey } from '../../chain/format/signing-keys.js';
import { createChainVerifier, type VerifyChainResult } from '../../chain/verify/verify-chain.js';
import { parseCommandArgs, UsageError, writeLine } from '../cli-args.js';
import type { CliCommand, CliIO } from '../cli-io.js';
import { readPublicKeyArg } from '../public-key-arg.js';
import { openByteChunks } from '../read-lines.js';
import { feedByteChunks } from '../verify-feed.js';

const HELP = `Usage: vaxelia-otel verify <file.jsonl|-> [options]

Checks the hash chains of a decision log (JSON Lines, records in any order, several chains mixed) or
of an evidence pack, as the contract's §5 defines them (docs/DESIGN.md, shipped in the package:
node_modules/@vaxelia/ai-otel/docs/DESIGN.md): edited records, broken links, reordering, gaps,
duplicates, signatures, checkpoints and their signed tlog-checkpoint notes (tree size, root,
signature, consistency between successive notes), and truncation against known heads. Seqs a
chain_skip record explains are listed as skipped, not as problems.

Options:
  --json                     print the result as JSON
  --public-key <key>         Ed25519 public key: a PEM file, base64 of the raw 32 bytes, or the
                             PEM text itself as --public-key="$(cat key.pem)";
                             every record must then carry a valid signature
  --signatures <mode>        all (default): check every signature; checkpoints: check checkpoint
                             records and the tail after the last one (faster, same assurance)
  --head <chainId:seq:hash>  a head the chain is known to have reached (repeatable); a chain that
                             ends before it is reported as truncated
  --require-sealed           each chain must end with a writer's final checkpoint
  --workers <n>              worker threads reading lines of a large log (default: CPU count, at
                             most 4; 0: read on the main thread); the verdict is the same
  -h, --help                 show this help

Exit status: 0 every chain intact, 1 problems found, 2 usage or I/O error.
`;

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'verify the hash chains of a decision log or evidence pack',
  async run(args, io) {
    const parsed = parseCommandArgs(
      args,
      {
        json: { type: 'boolean' },
        'public-key': { type: 'string' },
        signatures: { type: 'string' },
        head: { type: 'string', multiple: true },
        'require-sealed': { type: 'boolean' },
        workers: { type: 'string' },
      },
      HELP,
      io,
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('expected exactly one <file.jsonl|->');
    const signatures = (values.signatures as string | undefined) ?? 'all';
    if (signatures !== 'all' && signatures !== 'checkpoints') throw new UsageError('--signatures must be all or checkpoints');
    const publicKeyText = values['public-key'] === undefined ? undefined : readPublicKeyArg(String(values['public-key']), io.cwd);
    const publicKey = publicKeyText === undefined ? undefined : parsePublicKey(publicKeyText);
    const verifier = createChainVerifier({
      signatures,
      requireSealed: values['require-sealed'] === true,
      expectedHeads: ((values.head as string[] | undefined) ?? []).map(parseHead),
      ...(publicKey === undefined ? {} : { publicKey }),
    });
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    if (workers !== undefined && !(Number.isSafeInteger(workers) && workers >= 0 && workers <= 64)) {
      throw new UsageError('--workers must be an integer from 0 to 64');
    }
    const source = await openByteChunks(positionals[0]!, io);
    await feedByteChunks(source, verifier, io, {
      ...(publicKey ? { signatures: { publicKey, all: signatures === 'all' } } : {}),
      ...(workers === undefined ? {} : { workers }),
    });
    const result = verifier.result();
    if (values.json) writeLine(io.stdout, JSON.stringify(result, null, 2));
    else printReport(result, io);
    return result.ok ? 0 : 1;
  },
};

function parseHead(text: string) {
  const match = /^(.+):(\d+):([0-9a-f]{64})$/.exec(text);
  if (!match) throw new UsageError(`--head must be <chainId>:<seq>:<hash>, got '${text}'`);
  return { chainId: match[1]!, seq: Number(match[2]), hash: match[3]! };
}

function printReport(result: VerifyChainResult, io: CliIO): void {
  for (const c of result.chains) {
    const cp = c.lastCheckpoint
      ? `last checkpoint at seq ${c.lastCheckpoint.at}${c.sealed ? ' (final)' : `, ${c.uncheckpointed} records after it`}`
      : 'no checkpoint';
    const notes = c.notes ? `, ${c.notes} checkpoint note(s)` : '';
    writeLine(io.stdout, `chain ${c.chainId}: ${c.count} records, seq ${c.firstSeq}..${c.lastSeq}, head ${c.head.slice(0, 16)}…, ${cp}${notes}`);
  }
  for (const n of result.notices) writeLine(io.stdout, `  ${n.chainId}: ${n.kind} — ${n.detail} (chain_skip record at seq ${n.explainedBy})`);
  if (result.ok) {
    writeLine(io.stdout, `OK: ${result.count} records in ${result.chains.length} chain(s), no problem found`);
    return;
  }
  writeLine(io.stdout, `FAILED: ${result.problems.length} problem(s)`);
  for (const p of result.problems.slice(0, MAX_PRINTED_PROBLEMS)) {
    const where = `${p.chainId || '(no chain)'}${p.seq >= 0 ? ` seq ${p.seq}` : ''}`;
    writeLine(io.stdout, `  ${where}: ${p.kind}${p.detail ? ` — ${p.detail}` : ''}`);
  }
  const hidden = result.problems.length - MAX_PRINTED_PROBLEMS;
  if (hidden > 0) writeLine(io.stdout, `  … and ${hidden} more (--json lists them all)`);
}

/** A wrecked file should not flood a terminal; --json stays complete. */
const MAX_PRINTED_PROBLEMS = 1000;
