-- Larder key layout v1: one page of a time-ordered index with the records' values, in one round trip.
-- Index order is (score, id): Redis orders equal scores by the members' bytes, and so does this script.
-- KEYS[1] the index: a timeline or a term index (member = record id, score = time in ms)
-- ARGV[1] the value-key prefix of the index's partition ({prefix}{store}:{tag}:r:)
-- ARGV[2] range start, inclusive: an integer, or "-inf"    ARGV[3] range end, exclusive: an integer, or "+inf"
-- ARGV[4] "1" for newest first
-- ARGV[5] continue strictly after this time ("" to start at the range's edge)   ARGV[6] ... and this id
-- ARGV[7] the most records to return    ARGV[8] the most entries to examine in this call
-- Returns {state, last examined score, last examined id, id1, score1, value1, id2, ...}
--   state 0: the page is complete (limit reached or range exhausted)
--   state 1: the examine budget ran out first: call again after the last examined entry
--   state 2: {2, key, error}: a value key holds another type
-- Entries whose value is gone (expired, deleted, trimmed) are skipped and removed: read repair.
local index, prefix = KEYS[1], ARGV[1]
local desc = ARGV[4] == '1'
local limit, budget = tonumber(ARGV[7]), tonumber(ARGV[8])

-- byte order, as Redis sorts equal scores; Lua's '<' on strings follows the server's locale
local function precedes(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end

-- how many entries have a score below t
local function below(t)
  if t == '-inf' then return 0 end
  if t == '+inf' then return redis.call('ZCARD', index) end
  return redis.call('ZCOUNT', index, '-inf', '(' .. t)
end

-- the ascending rank (time, id) has or would have, and whether that entry is present
local function rank_of(t, id)
  local score = redis.call('ZSCORE', index, id)
  if score and tonumber(score) == tonumber(t) then
    return redis.call('ZRANK', index, id), true
  end
  -- the entry is gone: binary search the ids that share its time (O(log n) ZRANGE calls, however many ties)
  local lo = below(t)
  local hi = lo + redis.call('ZCOUNT', index, t, t)
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if precedes(redis.call('ZRANGE', index, mid, mid)[1], id) then lo = mid + 1 else hi = mid end
  end
  return lo, false
end

-- the page walks ascending ranks [first, stop): forwards, or backwards when newest first
local first, stop = below(ARGV[2]), below(ARGV[3])
if ARGV[5] ~= '' then
  local r, present = rank_of(ARGV[5], ARGV[6])
  if desc then
    stop = math.min(stop, r)
  else
    first = math.max(first, present and r + 1 or r)
  end
end

local out = {0, '', ''}
local gone = {}
local found, examined = 0, 0
while found < limit and examined < budget and first < stop do
  local n = math.min(limit - found, budget - examined, stop - first)
  local a = desc and (stop - n) or first
  local block = redis.call('ZRANGE', index, a, a + n - 1, 'WITHSCORES')
  local count = #block / 2
  for j = 1, count do
    local k = desc and (count - j + 1) or j
    local id, score = block[2 * k - 1], block[2 * k]
    examined = examined + 1
    out[2], out[3] = score, id
    local key = prefix .. id
    local value = redis.pcall('GET', key)
    if type(value) == 'table' and value.err then return {2, key, value.err} end
    if value then
      found = found + 1
      out[#out + 1] = id
      out[#out + 1] = score
      out[#out + 1] = value
    else
      gone[#gone + 1] = id
    end
  end
  if desc then stop = stop - count else first = first + count end
end
if found < limit and first < stop then out[1] = 1 end
if #gone > 0 then redis.call('ZREM', index, unpack(gone)) end
return out
