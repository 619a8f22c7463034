#!/bin/sh
# Runs the Neovim end-to-end test (quickfix.lua) headless against a real
# `corolint lsp`, with the editors/nvim plugin. COROLINT names the binary
# (default build/tool/corolint); NVIM the editor.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
exec timeout 180 "${NVIM:-nvim}" --headless -u NONE -i NONE \
  --cmd "set rtp+=$root/editors/nvim" --cmd "filetype on" \
  -c "lua local ok, err = pcall(dofile, '$here/quickfix.lua')
      if not ok then io.stdout:write('not ok - ' .. tostring(err) .. '\n'); vim.cmd('cquit! 2') end" </dev/null
