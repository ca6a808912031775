-- Larder archive layout: shared by every archive script (prepended to each one when loaded).
-- ARGV[1] is always the partition's key base {prefix}{store}:{tag}: ; every key below starts with it,
-- so all of a partition's keys share one hash slot.
local B = ARGV[1]
local LOAD = 48   -- average index entries per bucket before one more bucket is split off
-- an append to the tail leaves up to this many a bucket on average: the next seal splits down to LOAD, with the
-- client's plan (hashing the moved ids in Lua is most of what a split costs)
local APPEND_LOAD = 56

-- FNV-1a, 32 bits, over the id's bytes. The ids of a bucket that splits are hashed here, unless the client planned
-- the split (a commit's 'K' operations), so it is written for Lua 5.1's interpreter: one C call per byte (bxor); h << 24 mod 2^32 is (h mod 2^8) * 2^24, and
-- the product by the prime 16777619 = 2^24 + 403 stays exact in a double. bxor may answer negative: % keeps it right.
local bxor, byte = bit.bxor, string.byte
local function fnv1a(s)
  local h = 2166136261
  local n = #s
  if n <= 256 then
    local b = {byte(s, 1, n)}
    for i = 1, n do
      h = bxor(h, b[i])
      h = ((h % 256) * 16777216 + h * 403) % 4294967296
    end
  else
    for i = 1, n do
      h = bxor(h, byte(s, i))
      h = ((h % 256) * 16777216 + h * 403) % 4294967296
    end
  end
  return h
end

-- the partition's meta hash, numbers parsed; f (the floor) and o (a lower bound of the tail's oldest time)
-- stay text, '' when absent; o0 remembers o as it was read. A tail written before o was kept reads as 0.
-- y is the version at which the term tallies were last kept: they are true while y = v (or the partition is new),
-- so a write by a client that does not keep them (an older release) leaves them marked stale, and a read rebuilds
-- them. M.t says whether they are true now.
local function load_meta()
  local m = redis.call('HMGET', B .. 'm', 'v', 'n', 's', 'f', 'L', 'p', 'o', 'y')
  local o = m[7]
  if not o then o = redis.call('HLEN', B .. 'tail') > 0 and '0' or '' end
  local v, n = tonumber(m[1] or '0'), tonumber(m[2] or '0')
  return {v = v, n = n, s = tonumber(m[3] or '0'), f = m[4] or '',
          L = tonumber(m[5] or '0'), p = tonumber(m[6] or '0'), o = o, o0 = o,
          t = (m[8] and tonumber(m[8]) == v) or (v == 0 and n == 0)}
end

-- lowers o to a time written into the tail
local function tail_time(M, t)
  if M.o == '' or tonumber(t) < tonumber(M.o) then M.o = t end
end

local function set_field(M, field, value)
  if value == '' then redis.call('HDEL', B .. 'm', field) else redis.call('HSET', B .. 'm', field, value) end
end

-- saves the meta; returns 1 when the store's tail registry must learn o (the tail opened, or o went down), else 0
local function save_meta(M)
  if redis.call('HLEN', B .. 'tail') == 0 then M.o = '' end
  redis.call('HSET', B .. 'm', 'v', M.v, 'n', M.n, 's', M.s, 'L', M.L, 'p', M.p)
  if M.t then redis.call('HSET', B .. 'm', 'y', M.v) end
  set_field(M, 'f', M.f)
  set_field(M, 'o', M.o)
  if M.o ~= '' and (M.o0 == '' or tonumber(M.o) < tonumber(M.o0)) then return 1 end
  return 0
end

-- linear hashing: bucket = h mod 2^L, or h mod 2^(L+1) for buckets already split this round. Scripts are handed
-- each id with its FNV-1a as decimal text (the client hashes faster than Lua); Lua hashes only the ids of a bucket
-- that splits without the client's plan.
local function bucket_key(M, h)
  h = tonumber(h)
  local size = 2 ^ M.L
  local b = h % size
  if b < M.p then b = h % (size * 2) end
  return B .. 'x:' .. tostring(b)
end

local function idx_get(M, id, h)
  return redis.call('HGET', bucket_key(M, h), id)
end

-- splits buckets until the average load is at most load; a split moves its entries in one HSET and one HDEL
local function split(M, load)
  while M.n > load * (2 ^ M.L + M.p) do
    local size = 2 ^ M.L
    local from = B .. 'x:' .. tostring(M.p)
    local all = redis.call('HGETALL', from)
    local moved, fields = {}, {}
    for i = 1, #all, 2 do
      if fnv1a(all[i]) % (size * 2) ~= M.p then
        moved[#moved + 1] = all[i]
        moved[#moved + 1] = all[i + 1]
        fields[#fields + 1] = all[i]
      end
    end
    if #fields > 0 then
      redis.call('HSET', B .. 'x:' .. tostring(M.p + size), unpack(moved))
      redis.call('HDEL', from, unpack(fields))
    end
    M.p = M.p + 1
    if M.p == size then M.L = M.L + 1; M.p = 0 end
  end
end

-- Term tallies: per indexed field a hash {base}y:{field} of value -> "count first last" (epoch ms), the records the
-- partition holds with that value. Applies changes to one field's hash: labels[i] changes by deltas[i]; firsts[i]
-- and lasts[i] (numbers, or nil) widen its times. A count that reaches 0 removes the value.
local function tally_apply(field, labels, deltas, firsts, lasts)
  local key = B .. 'y:' .. field
  local put, gone = {}, {}
  for s = 1, #labels, 2000 do
    local upto = math.min(#labels, s + 1999)
    local cur = redis.call('HMGET', key, unpack(labels, s, upto))
    for k = 1, #cur do
      local i = s + k - 1
      local c, f, l = 0, firsts[i], lasts[i]
      if cur[k] then
        local c0, f0, l0 = string.match(cur[k], '^(%d+) (%-?%d+) (%-?%d+)$')
        c = tonumber(c0)
        f0, l0 = tonumber(f0), tonumber(l0)
        if not f or f0 < f then f = f0 end
        if not l or l0 > l then l = l0 end
      end
      c = c + deltas[i]
      if c > 0 and f and l then
        put[#put + 1] = labels[i]
        put[#put + 1] = string.format('%d %d %d', c, f, l)
      else
        gone[#gone + 1] = labels[i]
      end
    end
  end
  for s = 1, #put, 2000 do redis.call('HSET', key, unpack(put, s, math.min(#put, s + 1999))) end
  for s = 1, #gone, 2000 do redis.call('HDEL', key, unpack(gone, s, math.min(#gone, s + 1999))) end
end
