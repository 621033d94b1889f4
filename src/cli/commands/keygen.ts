import { randomBytes } from 'node:crypto';
import { generateSigningKeyPair, parsePublicKey, publicKeyFingerprint } from '../../chain/format/signing-keys.js';
import { parseCommandArgs, UsageError, writeLine } from '../cli-args.js';
import type { CliCommand } from '../cli-io.js';

const HELP = `Usage: vaxelia-otel keygen [--signing [--pem]] [--json]

Without options: prints a new random AES-256 buffer key (base64 of 32 bytes) for VAXELIA_BUFFER_KEY.

  --signing   print a new Ed25519 signing key pair instead: the private key goes into
              VAXELIA_SIGNING_KEY (base64 of the raw 32-byte seed, or PKCS#8 PEM with --pem), the
              public key (SPKI PEM) is what auditors pass to \`vaxelia-otel verify --public-key\`
  --pem       with --signing: the private key as PKCS#8 PEM
  --json      machine-readable output
  -h, --help  show this help

Keys are printed to stdout only; store the private key as a secret.
`;

export const keygenCommand: CliCommand = {
  name: 'keygen',
  summary: 'print a new buffer key, or an Ed25519 signing key pair (--signing)',
  async run(args, io) {
    const parsed = parseCommandArgs(
      args,
      { signing: { type: 'boolean' }, pem: { type: 'boolean' }, json: { type: 'boolean' } },
      HELP,
      io,
    );
    if (!parsed) return 0;
    const { values, positionals } = parsed;
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (values.pem && !values.signing) throw new UsageError('--pem only applies with --signing');
    if (!values.signing) {
      const key = randomBytes(32).toString('base64');
      writeLine(io.stdout, values.json ? JSON.stringify({ bufferKey: key, env: 'VAXELIA_BUFFER_KEY' }) : key);
      return 0;
    }
    const pair = generateSigningKeyPair();
    const privateKey = values.pem ? pair.privateKeyPem.trim() : pair.privateKeySeed;
    const fingerprint = publicKeyFingerprint(parsePublicKey(pair.publicKeyPem));
    if (values.json) {
      writeLine(
        io.stdout,
        JSON.stringify({
          signingKey: privateKey,
          signingKeyFormat: values.pem ? 'pkcs8-pem' : 'base64-seed',
          env: 'VAXELIA_SIGNING_KEY',
          publicKey: pair.publicKeyPem.trim(),
          publicKeyFingerprint: fingerprint,
        }),
      );
      return 0;
    }
    writeLine(io.stdout, '# Ed25519 signing key pair. Keep the private key secret.');
    writeLine(io.stdout, `# Set the private key as VAXELIA_SIGNING_KEY (${values.pem ? 'PKCS#8 PEM' : 'base64 of the raw 32-byte seed'}):`);
    if (values.pem) writeLine(io.stdout, privateKey);
    else writeLine(io.stdout, `VAXELIA_SIGNING_KEY=${privateKey}`);
    writeLine(io.stdout, `# Public key, for \`vaxelia-otel verify --public-key\` (${fingerprint}):`);
    writeLine(io.stdout, pair.publicKeyPem.trim());
    return 0;
  },
};
