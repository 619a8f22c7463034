#!/bin/sh
# Runs corolint's end-to-end language server tests with real clients: the
# npm vscode-languageserver-protocol client under `node --test`, and headless
# Neovim with the editors/nvim plugin. COROLINT names the binary (default
# build/tool/corolint).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export COROLINT="${COROLINT:-$root/build/tool/corolint}"
cd "$here"
[ -d node_modules/vscode-languageserver-protocol ] || npm ci --no-audit --no-fund >/dev/null
node --test
"$here/nvim/run.sh"
