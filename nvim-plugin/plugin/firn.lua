-- firn's commands. Nothing here starts the server: `vim.lsp.enable('firn')` does (or
-- `require('firn').setup()`, which also enables it).
if vim.g.loaded_firn then
  return
end
vim.g.loaded_firn = true

vim.api.nvim_create_user_command('FirnBuild', function(o)
  require('firn.build').build(o.args ~= '' and o.args or nil)
end, {
  nargs = '?',
  desc = 'firn: build the flake (or ATTR / .#INSTALLABLE) of this buffer',
})

vim.api.nvim_create_user_command('FirnDevelop', function(o)
  if o.bang then
    require('firn.develop').leave()
  else
    require('firn.develop').enter(o.args ~= '' and o.args or nil)
  end
end, {
  nargs = '?',
  bang = true,
  desc = "firn: apply this buffer's dev shell to Neovim's environment (! to undo)",
})

vim.api.nvim_create_user_command('FirnOptions', function(o)
  require('firn.options').pick(o.args)
end, {
  nargs = '?',
  desc = "firn: browse the options of this module's configuration",
})
