#!/usr/bin/env bash
# Bundles the benchmark (Node's type stripping does not resolve `.js` specifiers to `.ts`) and runs it.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
node_modules/.bin/esbuild bench/chain/verify-throughput.ts --bundle --platform=node --format=esm \
  --outfile="$out/bench.mjs" --log-level=warning
node "$out/bench.mjs"
