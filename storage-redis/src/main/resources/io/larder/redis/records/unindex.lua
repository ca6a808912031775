-- Larder key layout v1: remove entries the core found stale from one index.
-- KEYS[1] the index   ARGV[1] the partition's value-key prefix   ARGV[2..] pairs of
-- (record id, SHA-1 of the value the core judged stale).
-- An entry is removed only while its record is gone or still holds that very value: a save
-- that made the entry valid again between the core's read and this script keeps it.
-- Returns {number removed}.
local removed = 0
for i = 2, #ARGV, 2 do
  local value = redis.call('GET', ARGV[1] .. ARGV[i])
  if not value or redis.sha1hex(value) == ARGV[i + 1] then
    removed = removed + redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
return {removed}
