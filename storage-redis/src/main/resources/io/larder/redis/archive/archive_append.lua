-- Larder archive layout: append records to the partition's open tail, the common write.
-- ARGV[1] key base   ARGV[2..] quadruples: id, time (epoch ms), the id's FNV-1a, tail entry bytes
-- A record that is already in a sealed chunk, or older than the floor (the last time of the newest
-- chunk), is not written here: its position (0-based) is returned and the client rewrites its chunk.
-- Returns {records in the partition, tail size, {deferred positions}, the tail's oldest time o if the store's
-- tail registry must learn it, else ''}.
-- Each redis.call costs more than the work it does here, so the batch is read and written a bucket at a
-- time: one HMGET per index bucket the batch touches, one HSET of the tail, one HSET per bucket gaining ids.
-- Lua's unpack is bounded by its stack: a long list goes out in slices of SLICE elements
local SLICE = 2000
local M = load_meta()
local floor = tonumber(M.f)
local asked = {}     -- bucket key -> the batch's ids hashed there, in order
local bucket_of = {}
for i = 2, #ARGV, 4 do
  local b = bucket_key(M, ARGV[i + 2])
  bucket_of[i] = b
  local ids = asked[b]
  if not ids then ids = {}; asked[b] = ids end
  ids[#ids + 1] = ARGV[i]
end
local loc = {}
for b, ids in pairs(asked) do
  for s = 1, #ids, SLICE do
    local found = redis.call('HMGET', b, unpack(ids, s, math.min(#ids, s + SLICE - 1)))
    for k = 1, #found do
      if found[k] then loc[ids[s + k - 1]] = found[k] end
    end
  end
end
local deferred, tail, fresh = {}, {}, {}
local oldest = M.o ~= '' and tonumber(M.o) or nil
for i = 2, #ARGV, 4 do
  local id, t = ARGV[i], tonumber(ARGV[i + 1])
  local l = loc[id]
  if (floor and t < floor) or (l and l ~= '0') then
    deferred[#deferred + 1] = (i - 2) / 4
  else
    tail[#tail + 1] = id
    tail[#tail + 1] = ARGV[i + 3]
    if not oldest or t < oldest then oldest = t; M.o = ARGV[i + 1] end
    if not l then
      -- an id twice in one batch is indexed once
      loc[id] = '0'
      local b = bucket_of[i]
      local adds = fresh[b]
      if not adds then adds = {}; fresh[b] = adds end
      adds[#adds + 1] = id
      adds[#adds + 1] = '0'
    end
  end
end
local register = 0
if #tail > 0 then
  for s = 1, #tail, SLICE do
    redis.call('HSET', B .. 'tail', unpack(tail, s, math.min(#tail, s + SLICE - 1)))
  end
  for b, adds in pairs(fresh) do
    for s = 1, #adds, SLICE do
      M.n = M.n + redis.call('HSET', b, unpack(adds, s, math.min(#adds, s + SLICE - 1)))
    end
  end
  M.v = M.v + 1
  split(M)
  register = save_meta(M)
end
return {M.n, redis.call('HLEN', B .. 'tail'), deferred, register == 1 and M.o or ''}
