-- :FirnBuild: `firn.build` on the server. Progress shows in `vim.lsp.status()` (the
-- server sends `$/progress`); each log line goes to the `firn://build-log` buffer; a
-- failure fills the quickfix list with the failing derivations' places and the message.
local M = {}

local log_buf

local function log_buffer()
  if log_buf and vim.api.nvim_buf_is_valid(log_buf) then
    return log_buf
  end
  log_buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_name(log_buf, 'firn://build-log')
  vim.bo[log_buf].bufhidden = 'hide'
  return log_buf
end

--- The buffer holding the last build's log.
function M.log_buffer()
  return log_buffer()
end

function M.on_log(params)
  local buf = log_buffer()
  local line = (params.name ~= '' and (params.name .. '> ') or '') .. params.line
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { line })
end

local function quickfix(err)
  local items = {}
  local data = type(err.data) == 'table' and err.data or {}
  for _, f in ipairs(data.failures or {}) do
    table.insert(items, { filename = f.file, lnum = f.line, col = f.column, text = f.message, type = 'E' })
  end
  for _, line in ipairs(vim.split(err.message or '', '\n', { trimempty = true })) do
    table.insert(items, { text = line })
  end
  vim.fn.setqflist({}, 'r', { title = 'firn build', items = items })
end

--- Builds ATTR (`hello`, `packages.x86_64-linux.hello`) or an installable (`.#hello`) of
--- this buffer's flake or file; without one, the flake's default package or the file.
function M.build(target)
  local argument = require('firn').target_argument(target)
  vim.api.nvim_buf_set_lines(log_buffer(), 0, -1, false, {})
  require('firn').command('firn.build', argument, function(err, result)
    if err then
      quickfix(err)
      local first = vim.split(err.message or 'failed', '\n')[1]
      vim.notify('firn build: ' .. first, vim.log.levels.ERROR)
    else
      vim.fn.setqflist({}, 'r', { title = 'firn build', items = {} })
      local paths = {}
      for _, built in ipairs(result or {}) do
        for _, path in pairs(built.outputs or {}) do
          table.insert(paths, path)
        end
      end
      vim.notify('firn build: ' .. table.concat(paths, ' '), vim.log.levels.INFO)
    end
    vim.api.nvim_exec_autocmds('User', { pattern = 'FirnBuildDone', data = { error = err, result = result } })
  end)
end

return M
