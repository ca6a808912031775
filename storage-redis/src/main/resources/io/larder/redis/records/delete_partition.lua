-- Larder key layout v1: delete every record of one partition and its timeline, atomically; the
-- partition's term index entries go stale and are removed by read repair or the sweep.
-- KEYS[1] the partition's timeline   ARGV[1] the value-key prefix of the partition
-- Returns {number of value keys deleted}.
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
local deleted = 0
-- DEL takes the keys as arguments: in slices, since Lua's stack holds a few thousand at most
for first = 1, #ids, 1000 do
  local keys = {}
  for i = first, math.min(first + 999, #ids) do
    keys[#keys + 1] = ARGV[1] .. ids[i]
  end
  deleted = deleted + redis.call('DEL', unpack(keys))
end
redis.call('DEL', KEYS[1])
return {deleted}
