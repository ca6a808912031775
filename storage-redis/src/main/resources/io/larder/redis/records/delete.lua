-- Larder key layout v1: delete one record and its timeline entry atomically; its term index
-- entries go stale and are removed by read repair or the sweep.
-- KEYS[1] the value key   KEYS[2] the partition's timeline   ARGV[1] the record id
-- Returns {number of value keys deleted}.
local deleted = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return {deleted}
