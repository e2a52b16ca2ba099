#!/usr/bin/env bash
# Installs code-server (VS Code served to a browser) into an ignored, version-keyed folder, using only
# the npm registry and Debian packages. Recipe and reasons: see docs/testing.md ("code-server").
#
# Plain `npm install code-server` fails on machines without GitHub access: its postinstall (and
# @vscode/ripgrep's) download ripgrep from GitHub and kerberos tries a GitHub prebuild first. So we
# install with --ignore-scripts and do the postinstall's work by hand, building native modules with
# npm's own node-gyp against the local Node headers (no header download).
#
# Needs (Debian): build-essential python3 libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev ripgrep
# Usage: scripts/e2e/installCodeServer.sh            (prints the install folder on the last line)
# Env:   CODE_SERVER_VERSION (default 4.100.3; newer versions need Node 24)
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.100.3}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DEST="$ROOT/.vscode-test/code-server-$VERSION"
MARKER="$DEST/.installed"
CS="$DEST/node_modules/code-server"

if [[ -f "$MARKER" ]]; then
  echo "code-server $VERSION already installed (delete $MARKER to reinstall)"
  echo "$DEST"
  exit 0
fi

for tool in rg make g++ python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "installCodeServer: '$tool' is missing. Install the Debian packages: build-essential python3 libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev ripgrep" >&2
    exit 2
  fi
done
if [[ ! -f /usr/include/krb5.h && ! -f /usr/include/krb5/krb5.h ]]; then
  echo "installCodeServer: Kerberos headers missing; apt-get install -y libkrb5-dev" >&2
  exit 2
fi

NODE_GYP="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
# Headers of the running Node (Debian/nodesource put them under /usr; nvm-style installs beside node).
NODE_DIR="$(dirname "$(dirname "$(command -v node)")")"
[[ -f "$NODE_DIR/include/node/node.h" ]] || NODE_DIR=/usr

mkdir -p "$DEST"
cd "$DEST"
[[ -f package.json ]] || echo '{"name":"code-server-tool","private":true}' > package.json

echo "== 1/6 npm install --ignore-scripts code-server@$VERSION"
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION"

echo "== 2/6 argon2 from source (loaded at start even with --auth none)"
npm_config_build_from_source=true npm_config_nodedir="$NODE_DIR" npm rebuild argon2

echo "== 3/6 VS Code's own production dependencies"
(cd "$CS/lib/vscode" && npm install --no-audit --no-fund --ignore-scripts --omit=dev)

echo "== 4/6 native modules with local node-gyp (--nodedir=$NODE_DIR)"
for mod in native-watchdog kerberos @vscode/spdlog @vscode/deviceid node-pty; do
  dir="$CS/lib/vscode/node_modules/$mod"
  if [[ -d "$dir" ]]; then
    echo "   - $mod"
    log="$DEST/node-gyp-${mod//\//-}.log"
    (cd "$dir" && node "$NODE_GYP" rebuild --nodedir="$NODE_DIR" >"$log" 2>&1) || {
      tail -40 "$log" >&2
      echo "installCodeServer: building $mod failed (full log: $log)" >&2
      exit 1
    }
  else
    echo "   - $mod not present, skipped"
  fi
done

echo "== 5/6 ripgrep from Debian"
mkdir -p "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"

echo "== 6/6 rest of code-server's postinstall.sh"
(
  cd "$CS/lib/vscode"
  ln -sfn node_modules node_modules.asar
  ln -sfn code-linux.sh bin/remote-cli/code-server
  ln -sfn browser-linux.sh bin/helpers/browser.sh
  cd extensions && npm install --no-audit --no-fund --omit=dev
)

date -u +%FT%TZ > "$MARKER"
echo "code-server $VERSION installed"
echo "$DEST"
