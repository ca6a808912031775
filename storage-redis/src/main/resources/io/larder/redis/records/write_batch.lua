-- Larder key layout v1: write many records of one partition, each with its index entries, in one call (upserts,
-- or inserts of keys that hold nothing): a batch costs the server a few commands per record instead of a script per
-- record.
-- KEYS[1 .. n] the value key of each record, in ARGV order (the first names the call in errors)
-- KEYS[n+1] the partition's timeline   KEYS[n+2 .. n+1+m] the term indexes the batch touches
-- ARGV[1] keep-newest cap of the partition, "0" for none   ARGV[2] the value-key prefix of the partition
-- ARGV[3] m, the number of term indexes   ARGV[4] n, the number of records
-- ARGV[5] 'u' to write every record (upserts), 'a' to write only those whose value key does not exist (inserts)
-- then per record: id, time (epoch ms, the score), expiry instant in epoch ms or "0", value,
-- the number of its terms, and each term's index key as its position in KEYS
-- Returns {1, trimmed, '', '', {taken}} when every record was written but the inserts whose key existed (their
-- 0-based positions in taken: nothing of them is written), {-1, trimmed, key, error, {taken}} when a key holds
-- another type (an index, the timeline, or the value key of an insert): the records that key concerns are not
-- written, the others are.
local m, n = tonumber(ARGV[3]), tonumber(ARGV[4])
local insert = ARGV[5] == 'a'
local ids, times, expiries, values, terms = {}, {}, {}, {}, {}
local members = {}
local taken, accepted = {}, {}   -- an insert of a key twice in one call stores the first
local failedKey, failure = nil, nil
local a = 6
for i = 1, n do
  ids[i], times[i], expiries[i], values[i] = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  local k = tonumber(ARGV[a + 4])
  local own = {}
  local kind = insert and redis.call('TYPE', KEYS[i]).ok or 'none'
  if insert and (accepted[KEYS[i]] or kind == 'string') then
    taken[#taken + 1] = i - 1
    values[i] = false
  elseif kind ~= 'none' then
    -- not a value of this store: neither taken nor overwritten, reported with its key
    values[i] = false
    failedKey = failedKey or KEYS[i]
    failure = failure or 'WRONGTYPE Operation against a key holding the wrong kind of value'
  else
    accepted[KEYS[i]] = true
    for t = 1, k do
      local key = tonumber(ARGV[a + 4 + t])
      own[t] = key
      local list = members[key]
      if not list then list = {}; members[key] = list end
      list[#list + 1] = times[i]
      list[#list + 1] = ids[i]
    end
  end
  terms[i] = own
  a = a + 5 + k
end
-- ZADD in slices: Lua's unpack is bounded by its stack
local function zadd(key, list)
  for from = 1, #list, 1000 do
    local r = redis.pcall('ZADD', key, unpack(list, from, math.min(#list, from + 999)))
    if type(r) == 'table' and r.err then return r.err end
  end
  return nil
end
-- the sorted sets first, as write.lua: ZADD is what can fail on a foreign key
local broken = {}
for key = n + 2, n + 1 + m do
  if members[key] then
    local err = zadd(KEYS[key], members[key])
    if err then broken[key] = true; failedKey, failure = failedKey or KEYS[key], failure or err end
  end
end
local timeline = {}
local ok = {}
for i = 1, n do
  local good = values[i] ~= false
  for _, key in ipairs(terms[i]) do
    if broken[key] then good = false end
  end
  ok[i] = good
  if good then
    timeline[#timeline + 1] = times[i]
    timeline[#timeline + 1] = ids[i]
  end
end
if #timeline > 0 then
  local err = zadd(KEYS[n + 1], timeline)
  if err then return {-1, 0, KEYS[n + 1], err, taken} end
end
for i = 1, n do
  if ok[i] then
    if expiries[i] == '0' then
      redis.call('SET', KEYS[i], values[i])
    else
      redis.call('SET', KEYS[i], values[i], 'PXAT', expiries[i])
    end
  end
end
local trimmed = 0
local cap = tonumber(ARGV[1])
if cap > 0 then
  local excess = redis.call('ZCARD', KEYS[n + 1]) - cap
  if excess > 0 then
    local oldest = redis.call('ZRANGE', KEYS[n + 1], 0, excess - 1)
    redis.call('ZREMRANGEBYRANK', KEYS[n + 1], 0, excess - 1)
    for _, id in ipairs(oldest) do
      redis.call('DEL', ARGV[2] .. id)
    end
    trimmed = #oldest
  end
end
if failedKey then return {-1, trimmed, failedKey, failure, taken} end
return {1, trimmed, '', '', taken}
