# Sourced by .ci/run and by developers: puts a Node.js this repository can use (package.json
# engines.node) first on PATH. When the machine's Node is older, installs the official binary package
# (node-<os>-<arch>@24) from the npm registry into .tools/ (gitignored) and says so in one line.
# The npm scripts `demo` and `test` do the same through scripts/with-node.mjs.
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_ok=$(node -e '
  const want = /(\d+)\.(\d+)\.(\d+)/.exec(require(process.argv[1]).engines.node).slice(1).map(Number);
  const have = process.versions.node.split(".").map(Number);
  const cmp = have[0] - want[0] || have[1] - want[1] || have[2] - want[2];
  console.log(cmp >= 0 ? "yes" : "no");
' "$_root/package.json" 2>/dev/null || echo no)
if [ "$_ok" != yes ]; then
  _os=$(uname -s | tr 'A-Z' 'a-z'); _arch=$(uname -m)
  case "$_arch" in x86_64) _arch=x64 ;; aarch64) _arch=arm64 ;; esac
  _pkg="node-$_os-$_arch"
  _bin="$_root/.tools/node_modules/$_pkg/bin"
  if [ ! -x "$_bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo none) is older than this repository needs: installing $_pkg@24 from the npm registry into .tools/"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$_root/.tools" "$_pkg@24" >/dev/null
  fi
  export PATH="$_bin:$PATH"
fi
unset _ok _os _arch _pkg _root _bin
