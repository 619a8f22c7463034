#!/bin/sh
# Runs the editor integrations' tests: the VS Code extension's node --test
# suites (after `npm ci`, unless --no-install) and the Neovim plugin's
# headless smoke test. Set COROLINT_LSP_BINARY=build/tool/corolint to
# include the VS Code test against the real language server.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
install=yes
[ "${1:-}" = --no-install ] && install=no

cd "$here/vscode"
if [ "$install" = yes ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm test
"$here/nvim/test/run.sh"
