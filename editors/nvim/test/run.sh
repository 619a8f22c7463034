#!/bin/sh
# Runs the Neovim plugin's headless smoke test (test/smoke.lua); NVIM picks
# the binary. Prints one line a test and "N passed, N failed"; exits non-zero
# on a failure, an error in the script, or after two minutes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
plugin=$(dirname "$here")
exec timeout 120 "${NVIM:-nvim}" --headless -u NONE -i NONE --cmd "set rtp+=$plugin" \
  -c "lua local ok, err = pcall(dofile, '$here/smoke.lua')
      if not ok then io.stdout:write('error: ' .. tostring(err) .. '\n'); vim.cmd('cquit! 2') end" </dev/null
