-- :checkhealth firn
local M = {}

function M.check()
  vim.health.start('firn')
  local config = vim.lsp.config.firn or {}
  local cmd = type(config.cmd) == 'table' and config.cmd or { 'firn', 'lsp' }
  if vim.fn.executable(cmd[1]) == 1 then
    local version = vim.trim(vim.fn.system({ cmd[1], '--version' }))
    vim.health.ok('server: ' .. vim.fn.exepath(cmd[1]) .. ' (' .. version .. ')')
  else
    vim.health.error('server: `' .. cmd[1] .. '` is not executable', {
      'Install firn (see its README), or point at it: vim.lsp.config("firn", { cmd = { "/path/to/firn", "lsp" } })',
    })
  end

  -- `:checkhealth` shows its report in a buffer of its own: look at the Nix buffer the
  -- user came from (else any Nix buffer).
  local bufnr = vim.fn.bufnr('#')
  if bufnr < 1 or vim.bo[bufnr].filetype ~= 'nix' then
    bufnr = nil
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.bo[b].filetype == 'nix' and vim.api.nvim_buf_is_loaded(b) then
        bufnr = b
        break
      end
    end
  end
  if not bufnr then
    vim.health.info('no Nix buffer is open: open one to check its root, server and options')
  end
  bufnr = bufnr or 0
  local root = vim.fs.root(bufnr, config.root_markers or { 'flake.nix', '.git' })
  if root then
    vim.health.ok('root: ' .. root)
  else
    vim.health.warn('no flake.nix or .git above ' .. vim.api.nvim_buf_get_name(bufnr)
      .. ': the server runs without a root')
  end

  local client = require('firn').client(bufnr)
  if not client then
    vim.health.info('the server is not attached to ' .. vim.api.nvim_buf_get_name(bufnr)
      .. ' (vim.lsp.enable("firn") starts it for nix files)')
  else
    vim.health.ok('attached: client ' .. client.id)
    local answer = client:request_sync('workspace/executeCommand', {
      command = 'firn.options',
      arguments = { { uri = vim.uri_from_bufnr(bufnr), countOnly = true } },
    }, 20000, bufnr)
    if answer and answer.result then
      vim.health.ok(('options: %s (%d options)'):format(answer.result.configuration, answer.result.count or 0))
    elseif answer and answer.err then
      vim.health.info('options: ' .. vim.split(answer.err.message, '\n')[1])
    else
      vim.health.warn('options: the server did not answer in time')
    end
  end

  local socket = vim.env.NIX_DAEMON_SOCKET_PATH
    or ((vim.env.NIX_STATE_DIR or '/nix/var/nix') .. '/daemon-socket/socket')
  local remote = vim.env.NIX_REMOTE
  if remote and remote:match('^unix://') then
    socket = remote:sub(8)
  end
  local stat = vim.uv.fs_stat(socket)
  if stat and stat.type == 'socket' then
    vim.health.ok('Nix daemon: ' .. socket .. ' (builds and dev shells work)')
  else
    vim.health.warn('Nix daemon: no socket at ' .. socket, {
      ':FirnBuild and :FirnDevelop need a running nix-daemon (firn never writes a store itself)',
    })
  end
end

return M
