-- Larder key layout: record the layout version of a store, or report the one already recorded.
-- KEYS[1] {prefix}{store}:layout   ARGV[1] the version this adapter writes ("v1")
-- Returns {version recorded}.
local current = redis.call('GET', KEYS[1])
if not current then
  redis.call('SET', KEYS[1], ARGV[1])
  return {ARGV[1]}
end
return {current}
