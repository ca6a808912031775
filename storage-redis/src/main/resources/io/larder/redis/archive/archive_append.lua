-- Larder archive layout: append records to the partition's open tail, the common write.
-- ARGV[1] key base   ARGV[2] 'u' to store every record (an upsert), 'a' to store only those whose id the partition
-- does not hold (an insert)   ARGV[3..] per record: id, time (epoch ms), the id's FNV-1a, tail entry bytes, k, then
-- k pairs (indexed field, value): the record's terms, which the term tallies count.
-- An insert of an id the partition holds writes nothing of that record: its position (0-based) is returned as
-- taken. Otherwise a record that is already in a sealed chunk, or older than the floor (the last time of the newest
-- chunk), is not written here, nor, while the tallies are kept, one already in the tail (its old terms are in its
-- entry, which Lua does not decode): its position is returned and the client rewrites it in a commit.
-- Returns {records in the partition, tail size, {deferred positions}, the tail's oldest time o if the store's
-- tail registry must learn it, else '', {taken positions}}.
-- Each redis.call costs more than the work it does here, so the batch is read and written a bucket at a
-- time: one HMGET per index bucket the batch touches, one HSET of the tail, one HSET per bucket gaining ids,
-- one HMGET and one HSET per tallied field.
-- Lua's unpack is bounded by its stack: a long list goes out in slices of SLICE elements
local SLICE = 2000
local M = load_meta()
local floor = tonumber(M.f)
local ids, times, timeTexts, entries, firstTerm, termCount, buckets = {}, {}, {}, {}, {}, {}, {}
local asked = {}     -- bucket key -> the batch's ids hashed there, in order
local insert = ARGV[2] == 'a'
local a = 3
local n = 0
while a <= #ARGV do
  n = n + 1
  ids[n], timeTexts[n], entries[n] = ARGV[a], ARGV[a + 1], ARGV[a + 3]
  times[n] = tonumber(timeTexts[n])
  local b = bucket_key(M, ARGV[a + 2])
  buckets[n] = b
  local list = asked[b]
  if not list then list = {}; asked[b] = list end
  list[#list + 1] = ARGV[a]
  termCount[n] = tonumber(ARGV[a + 4])
  firstTerm[n] = a + 5
  a = a + 5 + 2 * termCount[n]
end
local loc = {}
for b, list in pairs(asked) do
  for s = 1, #list, SLICE do
    local found = redis.call('HMGET', b, unpack(list, s, math.min(#list, s + SLICE - 1)))
    for k = 1, #found do
      if found[k] then loc[list[s + k - 1]] = found[k] end
    end
  end
end
local deferred, tail, fresh, taken = {}, {}, {}, {}
local added = {}     -- id -> the position of its last record in this batch, for ids new to the partition
local oldest = M.o ~= '' and tonumber(M.o) or nil
for i = 1, n do
  local id, t = ids[i], times[i]
  local l = loc[id]
  if insert and l then
    taken[#taken + 1] = i - 1
  elseif (floor and t < floor) or (l and l ~= '0') or (l == '0' and M.t and not added[id]) then
    deferred[#deferred + 1] = i - 1
  else
    tail[#tail + 1] = id
    tail[#tail + 1] = entries[i]
    if not oldest or t < oldest then oldest = t; M.o = timeTexts[i] end
    if not l then
      -- an id twice in one batch is indexed once, and tallied as its last record
      loc[id] = '0'
      local adds = fresh[buckets[i]]
      if not adds then adds = {}; fresh[buckets[i]] = adds end
      adds[#adds + 1] = id
      adds[#adds + 1] = '0'
    end
    if added[id] or not l then added[id] = i end
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
  if M.t then
    local perField = {}  -- field -> {labels, deltas, firsts, lasts, at = label -> position}
    for _, i in pairs(added) do
      for p = firstTerm[i], firstTerm[i] + 2 * termCount[i] - 1, 2 do
        local f = perField[ARGV[p]]
        if not f then f = {{}, {}, {}, {}, at = {}}; perField[ARGV[p]] = f end
        local label, t = ARGV[p + 1], times[i]
        local k = f.at[label]
        if not k then
          k = #f[1] + 1
          f.at[label] = k
          f[1][k], f[2][k], f[3][k], f[4][k] = label, 0, t, t
        end
        f[2][k] = f[2][k] + 1
        if t < f[3][k] then f[3][k] = t end
        if t > f[4][k] then f[4][k] = t end
      end
    end
    for field, f in pairs(perField) do tally_apply(field, f[1], f[2], f[3], f[4]) end
  end
  M.v = M.v + 1
  split(M, APPEND_LOAD)
  register = save_meta(M)
end
return {M.n, redis.call('HLEN', B .. 'tail'), deferred, register == 1 and M.o or '', taken}
