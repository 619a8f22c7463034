-- Neovim (0.7.2, headless) with the editors/nvim plugin and the real
-- `corolint lsp`: open a coroutine file, see corolint's diagnostics, apply
-- the co_await quick fix through vim.lsp.buf.code_action(), and see the
-- finding go. Run it with run.sh; prints "ok - ..." lines and exits non-zero
-- on failure.
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local root = vim.fn.fnamemodify(here, ':h:h:h')
local corolint = os.getenv('COROLINT') or (root .. '/build/tool/corolint')

local function say(line)
  io.stdout:write(line .. '\n')
end
local function fail(message)
  say('not ok - ' .. message)
  vim.cmd('cquit! 1')
end
local function wait_for(what, condition, timeout)
  if not vim.wait(timeout or 60000, condition, 50) then
    fail('timed out waiting for ' .. what)
  end
end

-- A project with a compile database. The emoji on the finding's line makes
-- UTF-16 columns (what Neovim 0.7 speaks) differ from bytes.
local project = vim.fn.resolve(vim.fn.tempname())
vim.fn.mkdir(project, 'p')
local file = project .. '/main.cpp'
vim.fn.writefile({
  '#include "coro.h"',
  'test::task<int> compute() { co_return 1; }',
  'test::task<void> caller() {',
  '  /* 😀 */ compute();',
  '  co_return;',
  '}',
}, file)
vim.fn.writefile({ vim.fn.json_encode({ {
  directory = project,
  file = file,
  arguments = { 'clang++', '-std=c++20', '-I' .. root .. '/test/Inputs', '-c', file },
} }) }, project .. '/compile_commands.json')

require('corolint').setup({ cmd = { corolint, 'lsp', '--log=error' } })
vim.cmd('edit ' .. file)

local function findings()
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(codes, d.message)
  end
  return codes
end

wait_for('corolint diagnostics', function()
  return #vim.diagnostic.get(0) > 0
end)
local diagnostics = vim.diagnostic.get(0)
local finding = diagnostics[1]
if not finding.message:find('[unawaited-task]', 1, true) or finding.source ~= 'corolint' then
  fail('unexpected diagnostics: ' .. vim.inspect(findings()))
end
-- vim.diagnostic columns are bytes: "  /* 😀 */ " is 13 of them (11 UTF-16 units).
if finding.lnum ~= 3 or finding.col ~= 13 then
  fail(string.format('finding at %d:%d, expected 3:13', finding.lnum, finding.col))
end
say('ok - diagnostics: ' .. finding.message:gsub('\n.*', ''))

-- Ask for code actions on the finding and pick the co_await fix, as a user
-- would in the vim.ui.select menu.
local offered = {}
vim.ui.select = function(items, opts, on_choice)
  for index, item in ipairs(items) do
    local action = item[2]
    table.insert(offered, action.title)
    if action.title:find('co_await', 1, true) then
      return on_choice(item, index)
    end
  end
  on_choice(nil, nil)
end
vim.api.nvim_win_set_cursor(0, { 4, 14 })
vim.lsp.buf.code_action()
wait_for('the quick fix to be applied', function()
  return vim.api.nvim_buf_get_lines(0, 3, 4, false)[1] == '  /* 😀 */ co_await compute();'
end, 30000)
say('ok - applied: ' .. vim.api.nvim_buf_get_lines(0, 3, 4, false)[1] .. ' (offered: ' .. table.concat(offered, '; ') .. ')')

-- The edit reaches the server incrementally; the finding goes away.
wait_for('the finding to disappear', function()
  return #vim.diagnostic.get(0) == 0
end)
say('ok - no findings after the fix')

vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.fn.delete(project, 'rf')
vim.cmd('qall!')
