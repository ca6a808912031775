-- Larder archive layout: append records to the partition's open tail, the common write.
-- ARGV[1] key base   ARGV[2..] quadruples: id, time (epoch ms), the id's FNV-1a, tail entry bytes
-- A record that is already in a sealed chunk, or older than the floor (the last time of the newest
-- chunk), is not written here: its position (0-based) is returned and the client rewrites its chunk.
-- Returns {records in the partition, tail size, {deferred positions}, the tail's oldest time o if the store's
-- tail registry must learn it, else ''}.
local M = load_meta()
local floor = tonumber(M.f)
local deferred = {}
local changed = false
for i = 2, #ARGV, 4 do
  local id, t, h = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2]
  local loc = idx_get(M, id, h)
  if (floor and t < floor) or (loc and loc ~= '0') then
    deferred[#deferred + 1] = (i - 2) / 4
  else
    redis.call('HSET', B .. 'tail', id, ARGV[i + 3])
    tail_time(M, ARGV[i + 1])
    if not loc then idx_set(M, id, '0', h) end
    changed = true
  end
end
local register = 0
if changed then
  M.v = M.v + 1
  split(M)
  register = save_meta(M)
end
return {M.n, redis.call('HLEN', B .. 'tail'), deferred, register == 1 and M.o or ''}
