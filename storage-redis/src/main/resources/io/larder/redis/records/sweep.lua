-- Larder key layout v1: remove, from a slice of one index, the entries whose value key is gone
-- (expired, deleted or trimmed). Atomic, so a record written meanwhile never loses its entry.
-- KEYS[1] the index   ARGV[1] the value-key prefix of its partition   ARGV[2] first rank   ARGV[3] how many
-- Returns {entries examined, entries removed}.
local first = tonumber(ARGV[2])
local ids = redis.call('ZRANGE', KEYS[1], first, first + tonumber(ARGV[3]) - 1)
local gone = {}
for _, id in ipairs(ids) do
  if redis.call('EXISTS', ARGV[1] .. id) == 0 then
    gone[#gone + 1] = id
  end
end
if #gone > 0 then
  redis.call('ZREM', KEYS[1], unpack(gone))
end
return {#ids, #gone}
