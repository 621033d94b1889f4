#!/usr/bin/env bash
# Bundles the in-process benchmark (Node's type stripping does not resolve `.js` specifiers to `.ts`)
# and runs it, then times `vaxelia-otel verify` end to end on the generated log: the built CLI,
# dist/cli.js, as users run it (built first unless BENCH_SKIP_BUILD=1, e.g. under bench/run.mjs,
# which has just built it).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
bundle() { node_modules/.bin/esbuild "$1" --bundle --platform=node --format=esm --outfile="$2" --log-level=warning; }
bundle bench/chain/verify-throughput.ts "$out/bench.mjs"
[ "${BENCH_SKIP_BUILD:-}" = 1 ] || npm run build --silent > /dev/null
BENCH_WRITE_LOG="$out/log.jsonl" node "$out/bench.mjs"
records=$(wc -l < "$out/log.jsonl")
# CPU time (user + sys) beside wall time: on a shared machine it shows what waiting for a core hides.
for run in 1 2 3 4 5; do
  start=$(date +%s%N)
  cpu=$( { /usr/bin/time -f '%U %S' node dist/cli.js verify "$out/log.jsonl" > /dev/null; } 2>&1 | awk '{ printf "%d", ($1 + $2) * 1000 }')
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  echo "vaxelia-otel verify (process start to exit), run $run: $records records in $ms ms = $(( records * 1000 / ms )) records/s (cpu $cpu ms = $(( records * 1000 / cpu )) records/s)"
done
uptime
