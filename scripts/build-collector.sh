#!/usr/bin/env bash
# Builds the OpenTelemetry Collector described by examples/collector/builder-config.yaml with the
# OpenTelemetry Collector Builder (ocb), from the upstream Go modules, into
# .tools/collector/<first 16 hex of the SHA-256 of the manifest's non-comment lines>/vaxelia-otelcol.
# A binary already built from the same manifest is reused: a Go build of the Collector takes
# minutes of both cores, so it happens once per manifest change. Prints the binary's path last.
#
#   bash scripts/build-collector.sh            # build if missing, print the path
#   bash scripts/build-collector.sh --print    # print the path it would have, build nothing
set -euo pipefail
cd "$(dirname "$0")/.."

BUILDER_VERSION=v0.161.0 # keep at the release of the manifest's modules
manifest=examples/collector/builder-config.yaml
# Comments do not change the Collector: editing them does not force a rebuild.
hash=$(grep -v '^[[:space:]]*#' "$manifest" | sha256sum | cut -c1-16)
out=".tools/collector/$hash"
binary="$PWD/$out/vaxelia-otelcol"

if [[ "${1:-}" == "--print" ]]; then
  echo "$binary"
  exit 0
fi
if [[ -x "$binary" ]]; then
  echo "$binary"
  exit 0
fi
# A non-login shell (CI) may not have the toolchain's folder on PATH.
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "build-collector: Go >= 1.25 is needed (the machine image has it in /usr/local/go; Debian's golang-go 1.19 is too old): put its bin/ on PATH and rerun bash scripts/build-collector.sh" >&2
  exit 1
fi

mkdir -p .tools/collector
# One build at a time (CI and the test setup may both ask); the second waits, then reuses it.
exec 9>".tools/collector/.build.lock"
flock 9
if [[ -x "$binary" ]]; then
  echo "$binary"
  exit 0
fi

builder=".tools/collector/bin/builder-$BUILDER_VERSION"
if [[ ! -x "$builder" ]]; then
  echo "build-collector: installing ocb $BUILDER_VERSION (go.opentelemetry.io/collector/cmd/builder)" >&2
  gobin=$(mktemp -d)
  GOBIN="$gobin" go install "go.opentelemetry.io/collector/cmd/builder@$BUILDER_VERSION" >&2
  mkdir -p "$(dirname "$builder")"
  mv "$gobin/builder" "$builder"
  rmdir "$gobin"
fi

# ocb takes its output folder from the manifest only: build from a copy that names a scratch one,
# then move the finished binary into place so a half-built one is never found.
work="$PWD/.tools/collector/build-$hash"
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
sed "s|^dist:$|dist:\n  output_path: $work|" "$manifest" >"$work/manifest.yaml"
started=$(date +%s)
echo "build-collector: building the Collector from $manifest (a few minutes on 2 cores)" >&2
"$builder" --config "$work/manifest.yaml" --ldflags "-s -w" >&2
mkdir -p "$out"
cp "$manifest" "$out/builder-config.yaml"
mv "$work/vaxelia-otelcol" "$binary"
rm -rf "$work"
echo "build-collector: built in $(($(date +%s) - started)) s" >&2
echo "$binary"
