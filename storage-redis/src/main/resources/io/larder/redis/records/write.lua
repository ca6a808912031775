-- Larder key layout v1: write one record and its index entries atomically.
-- KEYS[1] the value key             {prefix}{store}:{tag}:r:{id}
-- KEYS[2] the partition's timeline  {prefix}{store}:{tag}:t
-- KEYS[3..] one term index per indexed field value  {prefix}{store}:{tag}:i:{field}:{value}
-- ARGV[1] the value (frame bytes)    ARGV[2] the record's time, epoch ms (the score)
-- ARGV[3] expiry instant, epoch ms, or "0" for none
-- ARGV[4] expected version: "" (unconditional), "absent", or the SHA-1 hex of the stored value
-- ARGV[5] keep-newest cap of the partition, "0" for none
-- ARGV[6] the record id          ARGV[7] the value-key prefix of the partition ({prefix}{store}:{tag}:r:)
-- Returns {1, trimmed} when written, {0} on a version conflict, {-1, key, error} when a key holds another type.
local expected = ARGV[4]
if expected ~= '' then
  local current = redis.pcall('GET', KEYS[1])
  if type(current) == 'table' and current.err then return {-1, KEYS[1], current.err} end
  if expected == 'absent' then
    if current then return {0} end
  elseif (not current) or redis.sha1hex(current) ~= expected then
    return {0}
  end
end
-- the sorted sets first: ZADD is what can fail on a foreign key, and nothing is written before it may fail
-- except index entries, which readers verify anyway
for i = #KEYS, 2, -1 do
  local added = redis.pcall('ZADD', KEYS[i], ARGV[2], ARGV[6])
  if type(added) == 'table' and added.err then return {-1, KEYS[i], added.err} end
end
if ARGV[3] == '0' then
  redis.call('SET', KEYS[1], ARGV[1])
else
  redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[3])
end
local trimmed = 0
local cap = tonumber(ARGV[5])
if cap > 0 then
  local excess = redis.call('ZCARD', KEYS[2]) - cap
  if excess > 0 then
    local oldest = redis.call('ZRANGE', KEYS[2], 0, excess - 1)
    redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
    for _, id in ipairs(oldest) do
      redis.call('DEL', ARGV[7] .. id)
    end
    trimmed = #oldest
  end
end
return {1, trimmed}
