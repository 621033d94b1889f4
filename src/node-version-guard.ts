/**
 * The oldest Node.js the package runs on. Kept equal to `engines.node` in package.json (a test
 * checks): the OpenTelemetry 3.x packages it is tested with declare `>=22.15.0`, and the reference
 * server needs `node:sqlite` (22.13).
 */
export const MINIMUM_NODE_VERSION = '22.15.0';

function isAtLeast(version: string, minimum: string): boolean {
  const have = version.split('.').map(Number);
  const want = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if (have[i] !== want[i]) return (have[i] ?? 0) > (want[i] ?? 0);
  }
  return true;
}

/**
 * Throws one clear line on an older Node.js, at import, instead of a missing API failing later deep
 * inside. The stack is left out on purpose: the line is the whole message.
 */
export function assertSupportedNode(version: string = process.versions.node): void {
  if (isAtLeast(version, MINIMUM_NODE_VERSION)) return;
  const error = new Error(
    `@vaxelia/ai-otel needs Node.js >= ${MINIMUM_NODE_VERSION}, this is Node.js ${version}: upgrade Node.js (Node 20 is end-of-life).`,
  );
  error.stack = `Error: ${error.message}`;
  throw error;
}

// Runs when the module is evaluated; every entry point imports this module first
// (package.json lists it in `sideEffects` so the bundler keeps the import).
assertSupportedNode();
