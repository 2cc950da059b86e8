-- firn for Neovim: optional setup, and the helpers the commands share.
local M = {}

M.config = {
  -- Format `*.nix` buffers with the server before each write.
  format_on_save = false,
  -- Neovim's built-in completion, asked for as you type (`vim.lsp.completion`).
  completion = false,
  -- Enable the server (`vim.lsp.enable('firn')`).
  enable = true,
  -- Fields merged into the server's configuration (`cmd`, `settings`, …).
  lsp = nil,
}

--- The firn client of a buffer (the current one by default).
function M.client(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr or 0, name = 'firn' })[1]
end

--- A command's argument for a target the user typed: an installable (`.#hello`) or an
--- attribute path (`hello`); none for the default.
function M.target_argument(target)
  if not target then
    return {}
  end
  if target:find('#') or target:sub(1, 1) == '.' then
    return { installable = target }
  end
  return { attr = target }
end

--- Runs a server command; `callback(err, result)` runs on the main loop.
function M.command(name, argument, callback, bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    vim.notify('firn: the language server is not attached to this buffer', vim.log.levels.ERROR)
    return
  end
  argument.uri = argument.uri or vim.uri_from_bufnr(bufnr)
  client:request('workspace/executeCommand', { command = name, arguments = { argument } }, callback, bufnr)
end

local group = vim.api.nvim_create_augroup('firn', { clear = true })

--- Built-in completion asks the server only after a trigger character (`.`), and asks
--- again while typing only when the menu is open. An option path's first answer can come
--- while the configuration is still being evaluated (an empty, incomplete list): ask
--- again as the name after the `.` is typed, and while the cursor waits there with no
--- menu (a few times), so `programs.gi` still offers `git`.
function M.complete_attribute_paths(bufnr)
  local timer = vim.uv.new_timer()
  local function ask(tries, where)
    timer:stop()
    timer:start(tries == 0 and 80 or 300, 0, vim.schedule_wrap(function()
      local here = vim.api.nvim_win_get_cursor(0)
      local still = where == nil or (here[1] == where[1] and here[2] == where[2])
      if vim.api.nvim_get_mode().mode:sub(1, 1) ~= 'i' or vim.fn.pumvisible() == 1 or not still then
        return
      end
      vim.lsp.completion.get()
      if tries < 10 then
        ask(tries + 1, here)
      end
    end))
  end
  vim.api.nvim_create_autocmd('TextChangedI', {
    group = group,
    buffer = bufnr,
    callback = function()
      if vim.fn.pumvisible() == 1 then
        return
      end
      local col = vim.api.nvim_win_get_cursor(0)[2]
      local before = vim.api.nvim_get_current_line():sub(1, col)
      if before:match('[%w_\'%-"]%.[%w_\'%-]*$') then
        ask(0, nil)
      end
    end,
  })
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', M.config, opts or {})
  if M.config.lsp then
    vim.lsp.config('firn', M.config.lsp)
  end
  vim.api.nvim_clear_autocmds({ group = group })
  if M.config.format_on_save then
    vim.api.nvim_create_autocmd('BufWritePre', {
      group = group,
      pattern = '*.nix',
      callback = function(ev)
        if M.client(ev.buf) then
          vim.lsp.buf.format({ bufnr = ev.buf, name = 'firn', timeout_ms = 3000 })
        end
      end,
    })
  end
  if M.config.completion then
    vim.api.nvim_create_autocmd('LspAttach', {
      group = group,
      callback = function(ev)
        local client = vim.lsp.get_client_by_id(ev.data.client_id)
        if client and client.name == 'firn' then
          vim.lsp.completion.enable(true, client.id, ev.buf, { autotrigger = true })
          M.complete_attribute_paths(ev.buf)
        end
      end,
    })
  end
  if M.config.enable then
    vim.lsp.enable('firn')
  end
end

return M
