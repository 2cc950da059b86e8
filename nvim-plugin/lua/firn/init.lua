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
        end
      end,
    })
  end
  if M.config.enable then
    vim.lsp.enable('firn')
  end
end

return M
