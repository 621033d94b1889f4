#!/usr/bin/env bash
# verify side by side with PyPI ai-audit-trail and cendor-acttrace (bench/chain/peers.py): installs
# the peers, pinned, into an ignored venv (.tools/bench-chain-venv), builds the CLI unless BENCH_SKIP_BUILD=1.
#   bash bench/chain/peers.sh [records, default 20000]
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.tools/bench-chain-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check ai-audit-trail==0.4.7 cendor-acttrace==1.14.0
[ "${BENCH_SKIP_BUILD:-}" = 1 ] || npm run build --silent > /dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
node_modules/.bin/esbuild bench/chain/write-log.ts --bundle --platform=node --format=esm --outfile="$out/write-log.mjs" --log-level=warning
"$venv/bin/python" -u bench/chain/peers.py "${1:-20000}" "$(command -v node)" dist/cli.js "$out/write-log.mjs"
uptime
