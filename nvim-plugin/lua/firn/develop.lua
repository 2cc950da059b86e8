-- :FirnDevelop: the dev shell's environment (the server's `firn.develop`, as `firn
-- print-dev-env --env-json` computes it) applied to Neovim's own environment, so that
-- `:terminal`, `jobstart()`, `:make` and language servers started afterwards run in it.
-- `:FirnDevelop!` puts back what was there. The shell hook is not run in Neovim.
local M = {}

-- Variable → its value before (false: it was unset), while a shell is applied.
local saved

function M.leave(quiet)
  if not saved then
    if not quiet then
      vim.notify('firn: no dev shell is applied', vim.log.levels.INFO)
    end
    return
  end
  for name, old in pairs(saved) do
    vim.env[name] = old or nil
  end
  saved = nil
  vim.g.firn_dev_shell = nil
  if not quiet then
    vim.notify('firn: left the dev shell', vim.log.levels.INFO)
  end
  vim.api.nvim_exec_autocmds('User', { pattern = 'FirnDevelopLeft' })
end

function M.enter(target)
  local argument = require('firn').target_argument(target)
  require('firn').command('firn.develop', argument, function(err, result)
    if err then
      vim.notify('firn develop: ' .. vim.split(err.message or 'failed', '\n')[1], vim.log.levels.ERROR)
      return
    end
    M.leave(true)
    saved = {}
    for name, value in pairs(result.env or {}) do
      saved[name] = vim.env[name] or false
      vim.env[name] = value
    end
    vim.g.firn_dev_shell = result.drvPath
    vim.notify('firn: in the dev shell of ' .. (result.drvPath or '?'), vim.log.levels.INFO)
    vim.api.nvim_exec_autocmds('User', { pattern = 'FirnDevelopLoaded', data = result })
  end)
end

return M
