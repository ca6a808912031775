-- Larder archive layout: apply a rewrite the client computed, if the partition did not change since it read it.
-- ARGV[1] key base   ARGV[2] the partition version (meta v) the client read   ARGV[3..] operations:
--   'C', chunk id, first time, body   write a chunk (new or rewritten) and its entry in the chunk set
--   'D', chunk id                     delete a chunk
--   'P', id, time, entry              put a tail entry        'R', id   remove a tail entry
--   'X', bucket, k, k × (id, location)  index ids of one bucket ('0' tail, else a chunk id), as the client hashed
--                                     them at the level and split point its snapshot read (the version check makes
--                                     them the commit's)   'Y', bucket, k, k × id   unindex ids of one bucket
--   'S', chunk id                     the last chunk id issued
--   'F', time                         the floor: the last time of the newest chunk ('' none)
--   'O', time                         the tail's oldest time, exactly ('' none), when the client read the whole tail
--   'T', field, value, delta, first, last   change a term tally: its count by delta, its times widened to first and
--                                     last ('' when the change adds no record)
--   'Z', field                        drop a field's tallies (a rebuild, followed by its 'T's)
--   'W', ''                           the tallies are true after this commit (a rebuild's last operation)
--   'K', bucket, k, k × (id, location) a split the client planned from a 'b' fetch: bucket splits, and these
--                                     entries (after this commit's own index changes) move to bucket + 2^L. The
--                                     plan is followed in order while the index needs splitting and it is the next
--                                     split; split() does any further one itself.
-- Everything or nothing: returns {0, v} when the version moved (the client reads again), else {1, n, o} where o is
-- the tail's oldest time if the store's tail registry must learn it, else ''.
-- A seal removes every record of a chunk from the tail and points each id at the chunk: so a run of 'R's is sent
-- as one HDEL and a run of 'P's as one HSET, in their order, and each 'X' or 'Y' (an id in one at most) as one HSET
-- or HDEL of its bucket, after the other operations: Lua does nothing per id but hand the arguments on.
local SLICE = 2000
local M = load_meta()
if M.v ~= tonumber(ARGV[2]) then return {0, M.v} end
local i = 3
local tallies = {}   -- field -> {labels, deltas, firsts, lasts}
local run, runOp = {}, nil   -- the tail's operations not sent yet: ids of a run of 'R's, or id, entry of 'P's
local indexed, unindexed = {}, {}   -- {bucket key, first ARGV, last ARGV} of each 'X' / 'Y'
local plan = {}   -- the client's splits: {bucket, first ARGV of its moves, how many}
local function send_run()
  local command = runOp == 'R' and 'HDEL' or 'HSET'
  for s = 1, #run, SLICE do
    redis.call(command, B .. 'tail', unpack(run, s, math.min(#run, s + SLICE - 1)))
  end
  run, runOp = {}, nil
end
local function join_run(op)
  if runOp ~= op and #run > 0 then send_run() end
  runOp = op
end
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
    join_run('P')
    run[#run + 1] = ARGV[i + 1]
    run[#run + 1] = ARGV[i + 3]
    tail_time(M, ARGV[i + 2])
    i = i + 4
  elseif op == 'R' then
    join_run('R')
    run[#run + 1] = ARGV[i + 1]
    i = i + 2
  elseif op == 'X' then
    local k = tonumber(ARGV[i + 2])
    indexed[#indexed + 1] = {B .. 'x:' .. ARGV[i + 1], i + 3, i + 2 + 2 * k}
    i = i + 3 + 2 * k
  elseif op == 'Y' then
    local k = tonumber(ARGV[i + 2])
    unindexed[#unindexed + 1] = {B .. 'x:' .. ARGV[i + 1], i + 3, i + 2 + k}
    i = i + 3 + k
  elseif op == 'S' then
    M.s = math.max(M.s, tonumber(ARGV[i + 1]))
    i = i + 2
  elseif op == 'F' then
    M.f = ARGV[i + 1]
    i = i + 2
  elseif op == 'O' then
    M.o = ARGV[i + 1]
    i = i + 2
  elseif op == 'T' then
    local f = tallies[ARGV[i + 1]]
    if not f then f = {{}, {}, {}, {}}; tallies[ARGV[i + 1]] = f end
    local k = #f[1] + 1
    f[1][k], f[2][k], f[3][k], f[4][k] = ARGV[i + 2], tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4]), tonumber(ARGV[i + 5])
    i = i + 6
  elseif op == 'Z' then
    redis.call('DEL', B .. 'y:' .. ARGV[i + 1])
    i = i + 2
  elseif op == 'W' then
    M.t = true
    i = i + 2
  elseif op == 'K' then
    local k = tonumber(ARGV[i + 2])
    plan[#plan + 1] = {tonumber(ARGV[i + 1]), i + 3, k}
    i = i + 3 + 2 * k
  else
    return redis.error_reply('archive_commit: unknown operation ' .. tostring(op))
  end
end
if #run > 0 then send_run() end
for _, x in ipairs(indexed) do
  for s = x[2], x[3], SLICE do M.n = M.n + redis.call('HSET', x[1], unpack(ARGV, s, math.min(x[3], s + SLICE - 1))) end
end
for _, y in ipairs(unindexed) do
  for s = y[2], y[3], SLICE do M.n = M.n - redis.call('HDEL', y[1], unpack(ARGV, s, math.min(y[3], s + SLICE - 1))) end
end
for field, f in pairs(tallies) do tally_apply(field, f[1], f[2], f[3], f[4]) end
for _, s in ipairs(plan) do
  if M.n <= LOAD * (2 ^ M.L + M.p) or s[1] ~= M.p then break end
  local size = 2 ^ M.L
  local from, first, k = B .. 'x:' .. tostring(M.p), s[2], s[3]
  for m = first, first + 2 * k - 1, SLICE do
    local upto = math.min(first + 2 * k - 1, m + SLICE - 1)
    redis.call('HSET', B .. 'x:' .. tostring(M.p + size), unpack(ARGV, m, upto))
    local ids = {}
    for j = m, upto, 2 do ids[#ids + 1] = ARGV[j] end
    redis.call('HDEL', from, unpack(ids))
  end
  M.p = M.p + 1
  if M.p == size then M.L = M.L + 1; M.p = 0 end
end
M.v = M.v + 1
split(M, LOAD)
local register = save_meta(M)
return {1, M.n, register == 1 and M.o or ''}
