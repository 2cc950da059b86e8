-- :FirnOptions [prefix]: the options of the configuration this module belongs to (the
-- server's `firn.options`), in `vim.ui.select`, the chosen one's documentation in a float.
local M = {}

local function documentation(o)
  local lines = { '# ' .. o.name, '', '*Type:* ' .. (o.type or '?') }
  if o.description and o.description ~= '' then
    vim.list_extend(lines, { '' })
    vim.list_extend(lines, vim.split(o.description, '\n'))
  end
  for _, field in ipairs({ 'default', 'example' }) do
    local v = o[field]
    if v ~= nil then
      local text = type(v) == 'table' and (v.text or vim.json.encode(v)) or vim.json.encode(v)
      vim.list_extend(lines, { '', '*' .. field:gsub('^%l', string.upper) .. ':*', '```nix' })
      vim.list_extend(lines, vim.split(text, '\n'))
      table.insert(lines, '```')
    end
  end
  if o.declarations and #o.declarations > 0 then
    vim.list_extend(lines, { '', '*Declared in:* ' .. table.concat(o.declarations, ', ') })
  end
  return lines
end

M.documentation = documentation

function M.pick(prefix)
  require('firn').command('firn.options', { prefix = prefix ~= '' and prefix or nil }, function(err, result)
    if err then
      vim.notify('firn options: ' .. vim.split(err.message or 'failed', '\n')[1], vim.log.levels.ERROR)
      return
    end
    local options = vim.tbl_filter(function(o)
      return o.visible ~= false and not o.internal
    end, result.options or {})
    vim.ui.select(options, {
      prompt = 'Options of ' .. (result.configuration or '?'),
      format_item = function(o)
        return o.name .. '  (' .. (o.type or '?') .. ')'
      end,
    }, function(choice)
      if choice then
        vim.lsp.util.open_floating_preview(documentation(choice), 'markdown', { border = 'rounded' })
      end
    end)
  end)
end

return M
