-- Larder archive layout: the store's tail registry, a sorted set of the partitions whose tail is not empty,
-- scored by (a lower bound of) the tail's oldest time; the sweep seals the tails that grew old.
-- ARGV[1] the registry key {prefix}{store}:tails   ARGV[2] the operation:
--   'add', partition, time   enter the partition, or lower its score to time     returns {}
--   'due', time, count       at most count partitions scored below time          returns {partition, score, ...}
--   'del', partition         remove the partition                                returns {}
local op = ARGV[2]
if op == 'add' then
  local score = redis.call('ZSCORE', B, ARGV[3])
  if not score or tonumber(ARGV[4]) < tonumber(score) then redis.call('ZADD', B, ARGV[4], ARGV[3]) end
  return {}
elseif op == 'due' then
  return redis.call('ZRANGEBYSCORE', B, '-inf', '(' .. ARGV[3], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[4]))
elseif op == 'del' then
  redis.call('ZREM', B, ARGV[3])
  return {}
end
return redis.error_reply('archive_tails: unknown operation ' .. tostring(op))
