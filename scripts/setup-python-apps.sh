#!/usr/bin/env bash
# Installs the Python apps' dependencies of the Collector end-to-end suite (pinned with hashes in
# test/collector/python/requirements.txt) into .tools/python/<first 16 hex of its SHA-256>/, once
# per requirements change. Prints the venv's python last.
set -euo pipefail
cd "$(dirname "$0")/.."

requirements=test/collector/python/requirements.txt
hash=$(sha256sum "$requirements" | cut -c1-16)
venv="$PWD/.tools/python/$hash"
python="$venv/bin/python"
if [[ -x "$python" && -f "$venv/.installed" ]]; then
  echo "$python"
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import sys, venv; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
  echo "setup-python-apps: Python >= 3.9 with venv is required: apt-get install -y python3 python3-venv, then rerun bash scripts/setup-python-apps.sh" >&2
  exit 1
fi
mkdir -p .tools/python
exec 9>".tools/python/.setup.lock"
flock 9
if [[ -x "$python" && -f "$venv/.installed" ]]; then
  echo "$python"
  exit 0
fi
rm -rf "$venv"
if ! python3 -m venv "$venv" >&2; then
  echo "setup-python-apps: python3 -m venv failed: apt-get install -y python3-venv, then rerun bash scripts/setup-python-apps.sh" >&2
  exit 1
fi
# --require-hashes: every file pip installs must match a hash in the requirements file.
"$python" -m pip install --quiet --disable-pip-version-check --no-input --require-hashes --only-binary :all: -r "$requirements" >&2
touch "$venv/.installed"
echo "$python"
