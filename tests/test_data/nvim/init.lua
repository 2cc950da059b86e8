-- Neovim as the plugin's README sets it up, plus `T`: what the end-to-end test reads the
-- editor's state through (`nvim --remote-expr "luaeval('T.words()')"`).
vim.opt.runtimepath:prepend(vim.env.FIRN_NVIM_PLUGIN)
vim.lsp.config('firn', { cmd = { vim.env.FIRN_BIN, 'lsp' } })
require('firn').setup({ format_on_save = true, completion = true })
vim.opt.completeopt = { 'menuone', 'noselect', 'popup' }
vim.opt.swapfile = false

T = { events = {} }

function T.attached()
  return #vim.lsp.get_clients({ bufnr = 0, name = 'firn' })
end

-- The words of the completion menu, when it is shown.
function T.words()
  local info = vim.fn.complete_info({ 'pum_visible', 'items' })
  if info.pum_visible == 0 then
    return ''
  end
  return table.concat(vim.tbl_map(function(i) return i.word end, info.items), ' ')
end

-- Keystroke to menu: from typing `.` to the menu changing.
local typed_at
vim.api.nvim_create_autocmd('InsertCharPre', {
  callback = function()
    if vim.v.char == '.' then
      typed_at = vim.uv.hrtime()
      T.latency_ms = nil
    end
  end,
})
vim.api.nvim_create_autocmd('CompleteChanged', {
  callback = function()
    if typed_at and not T.latency_ms then
      T.latency_ms = (vim.uv.hrtime() - typed_at) / 1e6
    end
  end,
})

function T.latency()
  return T.latency_ms and string.format('%.1f', T.latency_ms) or ''
end

-- The text of the floating window (hover), if one is open.
function T.float_text()
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then
      return table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false), '\n')
    end
  end
  return ''
end

function T.close_floats()
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then
      vim.api.nvim_win_close(w, true)
    end
  end
  return ''
end

function T.diagnostics()
  return vim.json.encode(vim.tbl_map(function(d)
    return { code = d.code, message = d.message, lnum = d.lnum }
  end, vim.diagnostic.get(0)))
end

-- Applies the code action whose title contains `match`, as picking it from the menu.
function T.code_action(match)
  vim.lsp.buf.code_action({
    filter = function(a) return a.title:find(match, 1, true) ~= nil end,
    apply = true,
  })
  return ''
end

function T.qf()
  return vim.json.encode(vim.tbl_map(function(i)
    return { text = i.text, lnum = i.lnum, file = i.bufnr > 0 and vim.api.nvim_buf_get_name(i.bufnr) or '' }
  end, vim.fn.getqflist()))
end

vim.api.nvim_create_autocmd('User', {
  pattern = { 'FirnBuildDone', 'FirnDevelopLoaded' },
  callback = function(ev)
    T.events[ev.match] = (T.events[ev.match] or 0) + 1
    T.last_data = ev.data
  end,
})

function T.last_error()
  return vim.inspect(T.last_data and T.last_data.error)
end

function T.count(event)
  return tostring(T.events[event] or 0)
end

function T.buffer_text()
  return table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
end

-- A picker as UI plugins provide one: records the items, picks the one named
-- `T.pick_name` (else the first).
T.picked_from = {}
vim.ui.select = function(items, opts, on_choice)
  T.picked_from = vim.tbl_map(function(i) return opts.format_item and opts.format_item(i) or tostring(i) end, items)
  local chosen = items[1]
  for _, item in ipairs(items) do
    if type(item) == 'table' and item.name == T.pick_name then
      chosen = item
    end
  end
  on_choice(chosen)
end

function T.picked()
  return table.concat(T.picked_from, '\n')
end
