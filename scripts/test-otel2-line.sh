#!/usr/bin/env bash
# Runs the end-to-end tests (test/e2e) against the OpenTelemetry JS SDK 2.x line: API 1.9,
# @opentelemetry/sdk-node 0.2xx (sdk-trace-base 2.x, sdk-logs 0.2xx), instrumentation-openai 0.21.
#
# The tests run in a separate project, .compat/otel2/ (gitignored), built from the template in
# test/compat/otel2/, where '@vaxelia/ai-otel' is the packed tarball of this checkout — so this also
# checks the published build (ESM entry, bundling, dependencies), not the sources.
#
# .compat/otel2 is a symlink to a directory OUTSIDE the checkout (under $TMPDIR, or
# $VAXELIA_COMPAT_DIR): Node and Vite resolve a package the project lacks by walking up to parent
# node_modules folders, which inside the checkout would be the repository's own SDK 3.x install — a
# dependency missing from the tarball, or a 3.x package, would then load silently.
#
# Needs only the npm registry. Idempotent: every run rebuilds, repacks and reinstalls the package
# (node_modules is kept as a cache). Exits non-zero when a step or a test fails.
# OTEL2_SKIP_BUILD=1 packs the existing dist/ instead of rebuilding (local iteration only).
# Extra arguments go to vitest, e.g. `bash scripts/test-otel2-line.sh -t streaming`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/use-node.sh
source scripts/use-node.sh

compat="$root/.compat"
project="$compat/otel2"
template="$root/test/compat/otel2"
npm_flags=(--no-audit --no-fund)

echo "== node $(node --version), npm $(npm --version)"

echo "== build and pack @vaxelia/ai-otel"
if [ "${OTEL2_SKIP_BUILD:-}" = 1 ] && [ -f dist/index.js ]; then
  echo "OTEL2_SKIP_BUILD=1: packing the existing dist/"
else
  if [ ! -d node_modules ]; then npm ci "${npm_flags[@]}"; fi
  npm run build
fi
mkdir -p "$compat"
rm -f "$compat"/vaxelia-ai-otel-*.tgz
tarball="$(npm pack --ignore-scripts --pack-destination "$compat" --json | node -e '
  let text = ""; process.stdin.on("data", (d) => (text += d)).on("end", () => console.log(JSON.parse(text)[0].filename));
')"
tarball="$(basename "$tarball")"
echo "packed .compat/$tarball"

echo "== create $project"
real_base="${VAXELIA_COMPAT_DIR:-${TMPDIR:-/tmp}/vaxelia-ai-otel-compat-$(printf %s "$root" | cksum | cut -d' ' -f1)}"
mkdir -p "$real_base/otel2"
real_base="$(cd "$real_base" && pwd -P)"
case "$real_base/" in
  "$root"/*) echo "the compat project must live outside $root (got $real_base)" >&2; exit 2 ;;
esac
dir="$real_base"
while :; do
  if [ -e "$dir/node_modules" ]; then
    echo "$dir/node_modules would leak packages into the compat project; set VAXELIA_COMPAT_DIR elsewhere" >&2
    exit 2
  fi
  [ "$dir" = / ] && break
  dir="$(dirname "$dir")"
done
if [ -e "$project" ] && [ ! -L "$project" ]; then rm -rf "$project"; fi
ln -sfn "$real_base/otel2" "$project"
echo "  -> $real_base/otel2"
rm -f "$real_base"/vaxelia-ai-otel-*.tgz
cp "$compat/$tarball" "$real_base/"
# Start from the template each run; keep node_modules only as a download cache.
find "$real_base/otel2" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
rm -rf "$project/node_modules/@vaxelia" "$project/node_modules/.package-lock.json"
cp "$template/package.json" "$template/vitest.config.ts" "$project/"
(cd "$project" && TARBALL="$tarball" node -e '
  const fs = require("node:fs");
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  pkg.dependencies["@vaxelia/ai-otel"] = `file:../${process.env.TARBALL}`;
  fs.writeFileSync("package.json", `${JSON.stringify(pkg, null, 2)}\n`);
')
mkdir -p "$project/test"
cp -R "$root/test/e2e" "$project/test/e2e"

echo "== npm install (SDK 2.x line)"
# A changed template gets a clean install: npm keeps nested copies from an older tree otherwise.
template_hash="$(cksum < "$project/package.json")"
if [ "$(cat "$project/node_modules/.vaxelia-template" 2>/dev/null)" != "$template_hash" ]; then rm -rf "$project/node_modules"; fi
(cd "$project" && npm install "${npm_flags[@]}")
echo "$template_hash" > "$project/node_modules/.vaxelia-template"

echo "== resolved versions"
(cd "$project" && node --input-type=module -e '
  import { existsSync, readFileSync } from "node:fs";
  import { createRequire } from "node:module";
  import { dirname, join } from "node:path";
  // Node resolution by hand (some packages do not export ./package.json): the nearest
  // node_modules/<name> walking up from a directory.
  const packageDir = (name, from = process.cwd()) => {
    for (let dir = from; ; dir = dirname(dir)) {
      const candidate = join(dir, "node_modules", name);
      if (existsSync(join(candidate, "package.json"))) return candidate;
      if (dirname(dir) === dir) throw new Error(`${name} is not installed (from ${from})`);
    }
  };
  const version = (name, from) => {
    const base = from ? packageDir(from) : process.cwd();
    return JSON.parse(readFileSync(join(packageDir(name, base), "package.json"), "utf8")).version;
  };
  const optional = (read) => {
    try {
      return read();
    } catch {
      return "not installed";
    }
  };
  const require = createRequire(`${process.cwd()}/`);
  const found = {
    "@opentelemetry/api": version("@opentelemetry/api"),
    "@opentelemetry/sdk-node": version("@opentelemetry/sdk-node"),
    "@opentelemetry/sdk-trace-base (of sdk-node)": version("@opentelemetry/sdk-trace-base", "@opentelemetry/sdk-node"),
    "@opentelemetry/sdk-trace-node (of sdk-node)": version("@opentelemetry/sdk-trace-node", "@opentelemetry/sdk-node"),
    "@opentelemetry/sdk-trace (3.x name, of sdk-node)": optional(() => version("@opentelemetry/sdk-trace", "@opentelemetry/sdk-node")),
    "@opentelemetry/sdk-logs (of sdk-node)": version("@opentelemetry/sdk-logs", "@opentelemetry/sdk-node"),
    "@opentelemetry/instrumentation-openai": version("@opentelemetry/instrumentation-openai"),
    "@traceloop/instrumentation-openai": version("@traceloop/instrumentation-openai"),
    openai: version("openai"),
    ai: version("ai"),
    "@ai-sdk/openai": version("@ai-sdk/openai"),
    vitest: version("vitest"),
    "@vaxelia/ai-otel": `${version("@vaxelia/ai-otel")} (${dirname(require.resolve("@vaxelia/ai-otel"))})`,
  };
  for (const [name, v] of Object.entries(found)) console.log(`  ${name.padEnd(46)} ${v}`);
  const problems = [];
  const projectDir = process.cwd();
  for (const name of ["@opentelemetry/api", "@opentelemetry/sdk-node", "@opentelemetry/instrumentation-openai", "@traceloop/instrumentation-openai", "openai", "ai", "@ai-sdk/openai", "vitest", "@vaxelia/ai-otel"]) {
    if (!packageDir(name).startsWith(`${projectDir}/node_modules/`)) problems.push(`${name} resolves outside the project: ${packageDir(name)}`);
  }
  if (!/^1\.9\./.test(found["@opentelemetry/api"])) problems.push("@opentelemetry/api is not 1.9.x");
  if (!/^2\./.test(found["@opentelemetry/sdk-trace-base (of sdk-node)"])) problems.push("sdk-trace-base is not 2.x");
  if (!/^0\.2\d\d\./.test(found["@opentelemetry/sdk-node"])) problems.push("sdk-node is not 0.2xx");
  if (!found["@vaxelia/ai-otel"].includes("/node_modules/@vaxelia/ai-otel/")) problems.push("@vaxelia/ai-otel is not the installed tarball");
  // NodeSDK.start() gives instrumentations the logger provider of the api-logs copy its
  // registerInstrumentations() sees, and registers the SDK provider through its own copy: they must be
  // one copy, or instrumentation log records go nowhere.
  const sdkNode = packageDir("@opentelemetry/sdk-node");
  const apiLogsOfRegistration = packageDir("@opentelemetry/api-logs", packageDir("@opentelemetry/instrumentation", sdkNode));
  const apiLogsOfSdk = packageDir("@opentelemetry/api-logs", sdkNode);
  if (apiLogsOfRegistration !== apiLogsOfSdk) problems.push(`two @opentelemetry/api-logs copies: ${apiLogsOfRegistration} and ${apiLogsOfSdk}`);
  if (problems.length) {
    console.error(`wrong SDK line installed: ${problems.join("; ")}`);
    process.exit(1);
  }
')

echo "== vitest (test/e2e on the SDK 2.x line)"
cd "$project"
exec npx --no-install vitest run "$@"
