-- corolint for Neovim 0.7 and later: starts `corolint lsp` for C and C++
-- buffers, one client per project root. On 0.11+ it hands the same settings
-- to vim.lsp.config/vim.lsp.enable (see lsp/corolint.lua) instead.
local M = {}

local defaults = {
  cmd = { 'corolint', 'lsp' },
  filetypes = { 'c', 'cpp', 'objc', 'objcpp', 'cuda' },
  root_markers = { 'compile_commands.json', '.corolint.yaml', '.git' },
  -- Passed through to the client as they are.
  init_options = nil,
  settings = nil,
  capabilities = nil,
  handlers = nil,
  on_attach = nil,
  -- Start the server on FileType; false leaves it to :CorolintStart.
  autostart = true,
}

local config = nil
local clients = {} -- root directory -> client id
local augroup = nil
local reported_missing = false

local function is_directory(path)
  local stat = vim.loop.fs_stat(path)
  return stat ~= nil and stat.type == 'directory'
end

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

local function parent(path)
  local up = vim.fn.fnamemodify(path, ':h')
  if up == path then
    return nil
  end
  return up
end

--- The project root for a file: the nearest directory holding the first of
--- `markers` found (each marker is searched all the way up before the next),
--- or the file's own directory when there is none.
function M.find_root(file, markers)
  local start = vim.fn.fnamemodify(file, ':p')
  if not is_directory(start) then
    start = vim.fn.fnamemodify(start, ':h')
  end
  start = start:gsub('(.)/$', '%1')
  for _, marker in ipairs(markers) do
    local directory = start
    while directory do
      if exists(directory .. '/' .. marker) then
        return directory
      end
      directory = parent(directory)
    end
  end
  return start
end

local function live_client(id)
  local client = id and vim.lsp.get_client_by_id(id)
  if client and not client.is_stopped() then
    return client
  end
  return nil
end

local function executable_found()
  if vim.fn.executable(config.cmd[1]) == 1 then
    return true
  end
  if not reported_missing then
    reported_missing = true
    vim.notify(
      string.format(
        "corolint: cannot find the language server executable '%s'. Install corolint and put it on PATH, "
          .. "or pass its full path: require('corolint').setup { cmd = { '/path/to/corolint', 'lsp' } }",
        config.cmd[1]
      ),
      vim.log.levels.ERROR
    )
  end
  return false
end

local function start_client(root)
  local id = vim.lsp.start_client({
    name = 'corolint',
    cmd = config.cmd,
    cmd_cwd = root,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = config.init_options,
    settings = config.settings,
    capabilities = config.capabilities,
    handlers = config.handlers,
    on_attach = config.on_attach,
    on_exit = function(_, _, client_id)
      if clients[root] == client_id then
        clients[root] = nil
      end
    end,
  })
  clients[root] = id
  return id
end

--- Attaches corolint to a buffer, starting a client for its root if none
--- runs. Returns the client id, or nil when the buffer is not a file or the
--- executable is missing.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' or vim.bo[bufnr].buftype ~= '' or not executable_found() then
    return nil
  end
  local root = M.find_root(name, config.root_markers)
  local id = clients[root]
  if not live_client(id) then
    id = start_client(root)
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

local function matching_buffers()
  local wanted = {}
  for _, filetype in ipairs(config.filetypes) do
    wanted[filetype] = true
  end
  local buffers = {}
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and wanted[vim.bo[bufnr].filetype] then
      table.insert(buffers, bufnr)
    end
  end
  return buffers
end

--- The ids of the running corolint clients, by root directory.
function M.clients()
  local running = {}
  for root, id in pairs(clients) do
    if live_client(id) then
      running[root] = id
    end
  end
  return running
end

function M.stop()
  for root, id in pairs(clients) do
    vim.lsp.stop_client(id)
    clients[root] = nil
  end
end

--- Stops every corolint client and attaches the open C/C++ buffers anew.
function M.restart()
  M.stop()
  reported_missing = false
  for _, bufnr in ipairs(matching_buffers()) do
    M.attach(bufnr)
  end
end

local function native_setup()
  vim.lsp.config('corolint', {
    cmd = config.cmd,
    filetypes = config.filetypes,
    root_markers = config.root_markers,
    init_options = config.init_options,
    settings = config.settings,
    capabilities = config.capabilities,
    handlers = config.handlers,
    on_attach = config.on_attach,
  })
  if config.autostart then
    vim.lsp.enable('corolint')
  end
end

--- Configures corolint; call again to change the settings.
--- opts: cmd, filetypes, root_markers, init_options, settings, capabilities,
--- handlers, on_attach, autostart (see `defaults` above).
function M.setup(opts)
  config = vim.tbl_extend('force', vim.deepcopy(defaults), opts or {})
  reported_missing = false

  if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
    native_setup()
    return
  end

  augroup = vim.api.nvim_create_augroup('corolint', { clear = true })
  if config.autostart then
    vim.api.nvim_create_autocmd('FileType', {
      group = augroup,
      pattern = config.filetypes,
      callback = function(args)
        M.attach(args.buf)
      end,
    })
    for _, bufnr in ipairs(matching_buffers()) do
      M.attach(bufnr)
    end
  end
  vim.api.nvim_create_user_command('CorolintStart', function()
    M.attach(0)
  end, { desc = 'Start corolint for the current buffer' })
  vim.api.nvim_create_user_command('CorolintStop', M.stop, { desc = 'Stop every corolint language server' })
  vim.api.nvim_create_user_command('CorolintRestart', M.restart, { desc = 'Restart the corolint language servers' })
end

--- The configuration in force (after setup), for tests and :lua print().
function M.config()
  return config
end

return M
