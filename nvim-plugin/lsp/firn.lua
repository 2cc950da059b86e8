-- The firn language server, for Neovim 0.11's native LSP configuration: with this plugin on
-- the runtimepath, `vim.lsp.enable('firn')` is all a user writes. Override any field with
-- `vim.lsp.config('firn', { … })` (e.g. `cmd = { '/path/to/firn', 'lsp' }`).
---@type vim.lsp.Config
return {
  cmd = { 'firn', 'lsp' },
  filetypes = { 'nix' },
  root_markers = { 'flake.nix', '.git' },
  -- Section `firn` of `workspace/configuration` (see `:help firn-settings`).
  settings = { firn = vim.empty_dict() },
  handlers = {
    -- Each log line of a running `firn.build` / `firn.develop`.
    ['firn/buildLog'] = function(_, params)
      require('firn.build').on_log(params)
    end,
  },
}
