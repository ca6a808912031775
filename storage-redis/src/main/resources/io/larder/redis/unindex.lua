-- Larder key layout v1: remove entries the core found stale from one index.
-- KEYS[1] the index   ARGV the record ids
-- Returns {number removed}.
return {redis.call('ZREM', KEYS[1], unpack(ARGV))}
