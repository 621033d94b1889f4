#!/usr/bin/env bash
# Lints the package as it will be published: the packed tarball, not the working tree.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .pack && mkdir -p .pack
tarball=$(npm pack --silent --pack-destination .pack | tail -n 1)
npx publint ".pack/$tarball" --strict
# The CLI entry is a bin, not an importable module; node10 resolution is not a target (Node >= 22).
npx attw ".pack/$tarball" --profile node16
