/**
 * The C2SP tlog-checkpoint note text (https://c2sp.org/tlog-checkpoint): the origin line, the tree
 * size in decimal, the base64 RFC 6962 root hash, each ended by a newline. No extension lines.
 */

export interface TreeHead {
  origin: string;
  size: number;
  /** The 32-byte Merkle root. */
  root: Buffer;
}

export function formatCheckpointText(head: TreeHead): string {
  return `${head.origin}\n${head.size}\n${head.root.toString('base64')}\n`;
}

/** The tree head a checkpoint text states, or why it is not one. Extension lines are allowed and ignored. */
export function parseCheckpointText(text: string): TreeHead | { error: string } {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') return { error: 'checkpoint text has fewer than three lines' };
  const [origin, size, root] = lines as [string, string, string];
  if (origin === '') return { error: 'checkpoint origin is empty' };
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) return { error: `checkpoint tree size '${size}' is not a decimal` };
  const rootBytes = Buffer.from(root, 'base64');
  if (rootBytes.length !== 32 || rootBytes.toString('base64') !== root) return { error: 'checkpoint root is not base64 of 32 bytes' };
  if (lines.slice(3, -1).some((l) => l === '')) return { error: 'checkpoint has an empty extension line' };
  return { origin, size: Number(size), root: rootBytes };
}

/**
 * The origin of a chain's checkpoints when none is configured: `vaxelia-otel/<aiSystemId>/<chainId>`,
 * each part with characters other than `A-Za-z0-9._-` replaced by `-` (an origin is also the note key
 * name, which may hold no space and no `+`).
 */
export function defaultCheckpointOrigin(aiSystemId: string, chainId: string): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '-') || '-';
  return `vaxelia-otel/${clean(aiSystemId)}/${clean(chainId)}`;
}
