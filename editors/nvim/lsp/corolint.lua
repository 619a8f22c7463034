-- corolint's language server for Neovim 0.11+: with editors/nvim on the
-- runtimepath, `vim.lsp.enable('corolint')` starts `corolint lsp` for C and
-- C++ buffers. Override any field with `vim.lsp.config('corolint', {...})`.
return {
  cmd = { 'corolint', 'lsp' },
  filetypes = { 'c', 'cpp', 'objc', 'objcpp', 'cuda' },
  -- In priority order: the directory holding the compilation database wins
  -- over the repository root.
  root_markers = { 'compile_commands.json', '.corolint.yaml', '.git' },
}
