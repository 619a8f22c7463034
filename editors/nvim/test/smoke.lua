-- Headless smoke test of the corolint plugin on Neovim 0.7+: setup, root
-- detection, one client per root, the missing-binary message, restart, and
-- diagnostics and a quick fix flowing through the plugin from a stub server
-- (stub_server.py standing in for `corolint lsp`). Run it with run.sh.
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local stub = here .. '/stub_server.py'
local corolint = require('corolint')

local passed, failed = 0, 0
local function say(line)
  io.stdout:write(line .. '\n')
end

local function test(name, body)
  local ok, err = pcall(body)
  if ok then
    passed = passed + 1
    say('ok - ' .. name)
  else
    failed = failed + 1
    say('not ok - ' .. name .. '\n    ' .. tostring(err):gsub('\n', '\n    '))
  end
end

local function check(condition, message)
  if not condition then
    error(message or 'check failed', 2)
  end
end

local function check_equal(actual, expected, what)
  if not vim.deep_equal(actual, expected) then
    error(string.format('%s: expected %s, got %s', what, vim.inspect(expected), vim.inspect(actual)), 2)
  end
end

local function wait_for(what, condition, timeout)
  if not vim.wait(timeout or 5000, condition, 20) then
    error('timed out waiting for ' .. what, 2)
  end
end

-- A project tree:  repo/.git  repo/app/compile_commands.json  repo/lib/.corolint.yaml
local tmp = vim.fn.resolve(vim.fn.tempname())
local repo = tmp .. '/repo'
local function write(path, lines)
  vim.fn.mkdir(vim.fn.fnamemodify(path, ':h'), 'p')
  vim.fn.writefile(lines, path)
end
vim.fn.mkdir(repo .. '/.git', 'p')
write(repo .. '/app/compile_commands.json', { '[]' })
write(repo .. '/lib/.corolint.yaml', { 'checks: "*"' })
local task_source = {
  '#include "task.h"',
  'task<int> fetch();',
  'task<void> run() {',
  '  fetch();',
  '  co_return;',
  '}',
}
write(repo .. '/app/task.cpp', task_source)
write(repo .. '/app/src/other.cpp', { 'int other();' })
write(repo .. '/lib/deep/util.cpp', { 'int util();' })
write(repo .. '/tools/tool.cpp', { 'int tool();' })
write(repo .. '/app/notes.py', { 'print(1)' })

local stub_log = tmp .. '/stub.jsonl'
vim.env.COROLINT_STUB_LOG = stub_log
local function stub_messages()
  if vim.fn.filereadable(stub_log) == 0 then
    return {}
  end
  local messages = {}
  for _, line in ipairs(vim.fn.readfile(stub_log)) do
    table.insert(messages, vim.fn.json_decode(line))
  end
  return messages
end

local notifications = {}
vim.notify = function(message, level)
  table.insert(notifications, { message = message, level = level })
end

vim.cmd('filetype on')
local cmd = { stub, 'lsp', '--checks=unawaited-task' }

test('find_root prefers the compilation database, then .corolint.yaml, then .git', function()
  local markers = { 'compile_commands.json', '.corolint.yaml', '.git' }
  check_equal(corolint.find_root(repo .. '/app/src/other.cpp', markers), repo .. '/app', 'below compile_commands.json')
  check_equal(corolint.find_root(repo .. '/lib/deep/util.cpp', markers), repo .. '/lib', 'below .corolint.yaml')
  check_equal(corolint.find_root(repo .. '/tools/tool.cpp', markers), repo, 'only .git')
  write(tmp .. '/loose/alone.cpp', { '' })
  check_equal(corolint.find_root(tmp .. '/loose/alone.cpp', { 'no-such-marker' }), tmp .. '/loose', 'no marker')
end)

test('lsp/corolint.lua (Neovim 0.11+) and setup() default to the same server', function()
  local native = dofile(vim.fn.fnamemodify(here, ':h') .. '/lsp/corolint.lua')
  corolint.setup({ autostart = false })
  local config = corolint.config()
  check_equal(native.cmd, { 'corolint', 'lsp' }, 'cmd')
  for _, field in ipairs({ 'cmd', 'filetypes', 'root_markers' }) do
    check_equal(config[field], native[field], field)
  end
  check(vim.tbl_contains(native.filetypes, 'c') and vim.tbl_contains(native.filetypes, 'cpp'), 'c and cpp')
  check_equal(#vim.api.nvim_get_autocmds({ group = 'corolint' }), 0, 'no autocommand without autostart')
end)

test('setup registers the FileType autocommand and the commands', function()
  corolint.setup({ cmd = cmd })
  local autocmds = vim.api.nvim_get_autocmds({ group = 'corolint', event = 'FileType' })
  local patterns = {}
  for _, autocmd in ipairs(autocmds) do
    patterns[autocmd.pattern] = true
  end
  check(patterns.c and patterns.cpp, 'FileType autocommands for c and cpp: ' .. vim.inspect(autocmds))
  local commands = vim.api.nvim_get_commands({})
  check(commands.CorolintRestart and commands.CorolintStart and commands.CorolintStop, 'user commands defined')
  check_equal(corolint.config().cmd, cmd, 'configured cmd')
end)

local task_buffer, first_client

test('opening a C++ file starts the configured command at the project root', function()
  vim.cmd('edit ' .. repo .. '/app/task.cpp')
  task_buffer = vim.api.nvim_get_current_buf()
  check_equal(vim.bo.filetype, 'cpp', 'filetype')
  wait_for('a client on the buffer', function()
    return next(vim.lsp.buf_get_clients(task_buffer)) ~= nil
  end)
  local id, client = next(vim.lsp.buf_get_clients(task_buffer))
  first_client = id
  check_equal(client.name, 'corolint', 'client name')
  check_equal(client.config.cmd, cmd, 'client cmd')
  check_equal(client.config.root_dir, repo .. '/app', 'root_dir')
  wait_for('the stub to be initialized', function()
    return #stub_messages() >= 3
  end)
  local messages = stub_messages()
  check_equal(messages[1].argv, { 'lsp', '--checks=unawaited-task' }, 'server argv')
  check_equal(messages[1].cwd, repo .. '/app', 'server working directory')
  check_equal(messages[2].method, 'initialize', 'first message')
  check_equal(messages[2].params.rootUri, vim.uri_from_fname(repo .. '/app'), 'rootUri')
end)

test("the server's findings appear as diagnostics with their check name", function()
  wait_for('diagnostics', function()
    return #vim.diagnostic.get(task_buffer) > 0
  end)
  local diagnostics = vim.diagnostic.get(task_buffer)
  check_equal(#diagnostics, 1, 'number of diagnostics')
  local diagnostic = diagnostics[1]
  check(diagnostic.message:find('[unawaited-task]', 1, true), 'check name in message: ' .. diagnostic.message)
  check_equal(diagnostic.source, 'corolint', 'source')
  check_equal(diagnostic.code, 'unawaited-task', 'code')
  check_equal({ diagnostic.lnum, diagnostic.col }, { 3, 2 }, 'position (0-based)')
  check_equal(diagnostic.severity, vim.diagnostic.severity.WARN, 'severity')
end)

test('the co_await quick fix applies through vim.lsp.buf.code_action', function()
  vim.api.nvim_win_set_cursor(0, { 4, 4 })
  local offered
  vim.ui.select = function(items, _, on_choice)
    offered = items
    on_choice(items[1])
  end
  vim.lsp.buf.code_action()
  wait_for('the edit', function()
    return vim.api.nvim_buf_get_lines(task_buffer, 3, 4, false)[1] == '  co_await fetch();'
  end)
  check_equal(offered[1][2].title, 'Insert co_await', 'offered action')
  wait_for('the finding to go away', function()
    return #vim.diagnostic.get(task_buffer) == 0
  end)
end)

test('a second file under the same root shares the client; another root gets its own', function()
  vim.cmd('edit ' .. repo .. '/app/src/other.cpp')
  local other = vim.api.nvim_get_current_buf()
  wait_for('attach', function()
    return vim.lsp.buf_get_clients(other)[first_client] ~= nil
  end)
  vim.cmd('edit ' .. repo .. '/lib/deep/util.cpp')
  local util = vim.api.nvim_get_current_buf()
  wait_for('attach', function()
    return next(vim.lsp.buf_get_clients(util)) ~= nil
  end)
  local util_client = next(vim.lsp.buf_get_clients(util))
  check(util_client ~= first_client, 'a new client for repo/lib')
  local roots = vim.tbl_keys(corolint.clients())
  table.sort(roots)
  check_equal(roots, { repo .. '/app', repo .. '/lib' }, 'running roots')
end)

test('other file types are left alone', function()
  vim.cmd('edit ' .. repo .. '/app/notes.py')
  vim.wait(100)
  check_equal(vim.tbl_count(vim.lsp.buf_get_clients(0)), 0, 'clients on a python buffer')
end)

test(':CorolintRestart stops the clients and attaches the buffers to new ones', function()
  vim.cmd('CorolintRestart')
  wait_for('the old client to stop', function()
    local old = vim.lsp.get_client_by_id(first_client)
    return old == nil or old.is_stopped()
  end)
  wait_for('a new client on the task buffer', function()
    local id = next(vim.lsp.buf_get_clients(task_buffer))
    return id ~= nil and id ~= first_client
  end)
  check_equal(vim.tbl_count(corolint.clients()), 2, 'clients after restart')
  local exits = 0
  for _, message in ipairs(stub_messages()) do
    if message.method == 'exit' then
      exits = exits + 1
    end
  end
  check(exits >= 1, 'the stub got exit')
end)

test('a missing binary is reported once and starts nothing', function()
  corolint.stop()
  notifications = {}
  -- setup attaches the C++ buffers already open, and the new one later.
  corolint.setup({ cmd = { tmp .. '/no/corolint', 'lsp' } })
  vim.cmd('edit ' .. repo .. '/tools/tool.cpp')
  vim.cmd('edit ' .. repo .. '/app/task.cpp')
  vim.wait(100)
  check_equal(#notifications, 1, 'notifications')
  check(notifications[1].message:find(tmp .. '/no/corolint', 1, true), 'names the path: ' .. notifications[1].message)
  check_equal(notifications[1].level, vim.log.levels.ERROR, 'level')
  check_equal(vim.tbl_count(corolint.clients()), 0, 'running clients')
end)

corolint.stop()
vim.wait(200)
say(string.format('%d passed, %d failed', passed, failed))
vim.fn.delete(tmp, 'rf')
vim.cmd(failed == 0 and 'qall!' or 'cquit!')
