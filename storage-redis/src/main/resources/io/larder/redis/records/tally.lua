-- Larder key layout v1: what one partition holds under one indexed value, read in one step.
-- KEYS[1] the term index   ARGV[1] the partition's value-key prefix
-- Returns {count, first time, last time}, or {0} when the index is empty. The count is the index's
-- (stale entries included until repaired); the first and last times are those of the oldest and newest
-- entries whose record is still there, looked for among the 64 at each end.
local n = redis.call('ZCARD', KEYS[1])
if n == 0 then return {0} end
local LOOK = 64
local function live_end(descending)
  local fallback = nil
  for i = 0, math.min(n, LOOK) - 1 do
    local at = descending and (-1 - i) or i
    local e = redis.call('ZRANGE', KEYS[1], at, at, 'WITHSCORES')
    if #e == 0 then break end
    if not fallback then fallback = e[2] end
    if redis.call('EXISTS', ARGV[1] .. e[1]) == 1 then return e[2] end
  end
  return fallback
end
return {n, live_end(false), live_end(true)}
