-- Larder archive layout: apply a rewrite the client computed, if the partition did not change since it read it.
-- ARGV[1] key base   ARGV[2] the partition version (meta v) the client read   ARGV[3..] operations:
--   'C', chunk id, first time, body   write a chunk (new or rewritten) and its entry in the chunk set
--   'D', chunk id                     delete a chunk
--   'P', id, time, entry              put a tail entry        'R', id   remove a tail entry
--   'X', id, location, hash           index an id ('0' tail, else a chunk id)     'Y', id, hash   unindex an id
--                                     (hash: the id's FNV-1a, decimal)
--   'S', chunk id                     the last chunk id issued
--   'F', time                         the floor: the last time of the newest chunk ('' none)
--   'O', time                         the tail's oldest time, exactly ('' none), when the client read the whole tail
-- Everything or nothing: returns {0, v} when the version moved (the client reads again), else {1, n, o} where o is
-- the tail's oldest time if the store's tail registry must learn it, else ''.
local M = load_meta()
if M.v ~= tonumber(ARGV[2]) then return {0, M.v} end
local i = 3
while i <= #ARGV do
  local op = ARGV[i]
  if op == 'C' then
    redis.call('SET', B .. 'c:' .. ARGV[i + 1], ARGV[i + 3])
    redis.call('ZADD', B .. 'chunks', ARGV[i + 2], ARGV[i + 1])
    i = i + 4
  elseif op == 'D' then
    redis.call('DEL', B .. 'c:' .. ARGV[i + 1])
    redis.call('ZREM', B .. 'chunks', ARGV[i + 1])
    i = i + 2
  elseif op == 'P' then
    redis.call('HSET', B .. 'tail', ARGV[i + 1], ARGV[i + 3])
    tail_time(M, ARGV[i + 2])
    i = i + 4
  elseif op == 'R' then
    redis.call('HDEL', B .. 'tail', ARGV[i + 1])
    i = i + 2
  elseif op == 'X' then
    idx_set(M, ARGV[i + 1], ARGV[i + 2], ARGV[i + 3])
    i = i + 4
  elseif op == 'Y' then
    idx_del(M, ARGV[i + 1], ARGV[i + 2])
    i = i + 3
  elseif op == 'S' then
    M.s = math.max(M.s, tonumber(ARGV[i + 1]))
    i = i + 2
  elseif op == 'F' then
    M.f = ARGV[i + 1]
    i = i + 2
  elseif op == 'O' then
    M.o = ARGV[i + 1]
    i = i + 2
  else
    return redis.error_reply('archive_commit: unknown operation ' .. tostring(op))
  end
end
M.v = M.v + 1
split(M)
local register = save_meta(M)
return {1, M.n, register == 1 and M.o or ''}
