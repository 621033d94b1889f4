import { isCheckpointRecord } from '../../chain/format/checkpoint.js';
import { formatVerifierKey, parseNote, verifyNote } from '../../chain/format/signed-note.js';
import { parsePublicKey } from '../../chain/format/signing-keys.js';
import { parseCheckpointText } from '../../chain/format/tlog-checkpoint.js';
import { readEvidenceLine } from '../../chain/evidence-pack.js';
import { parseCommandArgs, UsageError, writeLine } from '../cli-args.js';
import type { CliCommand } from '../cli-io.js';
import { readPublicKeyArg } from '../public-key-arg.js';
import { openLines } from '../read-lines.js';

const HELP = `Usage: vaxelia-otel checkpoint <file.jsonl|-> --chain <chainId> [options]

Prints the latest checkpoint of a chain as a C2SP tlog-checkpoint signed note (origin, tree size,
base64 RFC 6962 root, Ed25519 signature line), as the chain writer put it in its checkpoint record —
for Go's golang.org/x/mod/sumdb/note, transparency-log witnesses, or any third party
(docs/DESIGN.md §5.1). Reads a decision log or an evidence pack (JSON Lines).

Options:
  --chain <chainId>    the chain (required)
  --public-key <key>   Ed25519 public key (PEM file, PEM text or base64 of the raw 32 bytes): the
                       note's signature must verify under key name = its origin
  --vkey               print the verifier key for the note instead (<origin>+<key ID>+<base64 key>,
                       the note vkey format); needs --public-key
  -h, --help           show this help

Exit status: 0 printed, 1 no signed note for that chain (or its signature does not verify), 2 usage
or I/O error.
`;

export const checkpointCommand: CliCommand = {
  name: 'checkpoint',
  summary: 'print the latest checkpoint of a chain as a signed tlog-checkpoint note',
  async run(args, io) {
    const parsed = parseCommandArgs(
      args,
      { chain: { type: 'string' }, 'public-key': { type: 'string' }, vkey: { type: 'boolean' } },
      HELP,
      io,
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('expected exactly one <file.jsonl|->');
    if (typeof values.chain !== 'string' || values.chain === '') throw new UsageError('--chain <chainId> is required');
    if (values.vkey && values['public-key'] === undefined) throw new UsageError('--vkey needs --public-key <key>');
    const publicKey = values['public-key'] === undefined ? undefined : parsePublicKey(readPublicKeyArg(String(values['public-key']), io.cwd));

    const latest = await latestNote(positionals[0]!, values.chain, io);
    if (latest === undefined) {
      writeLine(io.stderr, `no signed checkpoint note for chain ${values.chain} (checkpoints carry one when the writer has a signing key)`);
      return 1;
    }
    const note = parseNote(latest.note);
    const head = 'error' in note ? note : parseCheckpointText(note.text);
    if ('error' in note || 'error' in head) {
      writeLine(io.stderr, `the note of the checkpoint at seq ${latest.at} is malformed: ${'error' in head ? head.error : ''}`);
      return 1;
    }
    if (publicKey && !verifyNote(note, head.origin, publicKey)) {
      writeLine(io.stderr, `the note of the checkpoint at seq ${latest.at} has no valid signature by this key under ${head.origin}`);
      return 1;
    }
    if (values.vkey) writeLine(io.stdout, formatVerifierKey(head.origin, publicKey!));
    else io.stdout.write(latest.note);
    return 0;
  },
};

/** The note of the chain's checkpoint record with the highest seq, read line by line. */
async function latestNote(path: string, chainId: string, io: Parameters<CliCommand['run']>[1]): Promise<{ at: number; note: string } | undefined> {
  let latest: { at: number; note: string } | undefined;
  for await (const batch of (await openLines(path, io)).batches) {
    for (const line of batch) {
      // Only checkpoint records are parsed: a cheap test first.
      if (!line.includes('"note"')) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue;
      }
      const entry = readEvidenceLine(value);
      if (entry.type === 'header' || !isCheckpointRecord(entry.record)) continue;
      const record = entry.record;
      if (record.chainId !== chainId || typeof record.checkpoint.note !== 'string' || !Number.isSafeInteger(record.seq)) continue;
      if (latest === undefined || record.seq > latest.at) latest = { at: record.seq, note: record.checkpoint.note };
    }
  }
  return latest;
}
