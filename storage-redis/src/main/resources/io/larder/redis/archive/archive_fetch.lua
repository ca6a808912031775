-- Larder archive layout: what a client needs to read records or to rewrite part of a partition.
-- ARGV[1] key base   ARGV[2..] requests, each a code and an argument (two for 'i'):
--   'i', id, h  where the record is ('' absent, '0' tail (its entry is returned), or a chunk id (its body is returned));
--               h is the id's FNV-1a, decimal
--   't', time   the chunk covering that time: the one with the greatest first time <= time, else the oldest; '' if none
--   'o', count  the ids of the oldest count chunks, as one nested array
--   'T', ''     the whole tail
--   'n', size   the newest chunk (greatest first time): its id ('' if none); its body only when it holds fewer than
--               size records (a seal can fill it up)
--   'a', time   how many chunks have a first time below time (a number; no body): retention by age drops the
--               oldest of them
--   'b', count  the id index buckets the splits take from when count more records come: {per bucket that exists
--               now and a split takes from, once, its number and its fields as HGETALL has them}, so that the client
--               moves their entries (it hashes faster than Lua)
-- Returns {v, n, s, f, {answers in request order}, {tail id, entry, ...}, {chunk id, first time, body, ...}, o, L, p}:
-- L and p, the id index's linear hashing level and next bucket to split, let the client name each id's bucket.
local M = load_meta()
local answers, tail, chunks = {}, {}, {}
local seen_tail, seen_chunk = {}, {}
local function add_chunk(c)
  if seen_chunk[c] then return end
  local body = redis.call('GET', B .. 'c:' .. c)
  if body then
    seen_chunk[c] = true
    chunks[#chunks + 1] = c
    chunks[#chunks + 1] = redis.call('ZSCORE', B .. 'chunks', c) or ''
    chunks[#chunks + 1] = body
  end
end
local function add_tail(id, entry)
  if seen_tail[id] then return end
  seen_tail[id] = true
  tail[#tail + 1] = id
  tail[#tail + 1] = entry
end
local i = 2
while i <= #ARGV do
  local code, arg = ARGV[i], ARGV[i + 1]
  i = i + 2
  if code == 'i' then
    local loc = idx_get(M, arg, ARGV[i]) or ''
    i = i + 1
    answers[#answers + 1] = loc
    if loc == '0' then
      local entry = redis.call('HGET', B .. 'tail', arg)
      if entry then add_tail(arg, entry) end
    elseif loc ~= '' then
      add_chunk(loc)
    end
  elseif code == 't' then
    local c = redis.call('ZREVRANGEBYSCORE', B .. 'chunks', arg, '-inf', 'LIMIT', 0, 1)[1]
    if not c then c = redis.call('ZRANGE', B .. 'chunks', 0, 0)[1] end
    answers[#answers + 1] = c or ''
    if c then add_chunk(c) end
  elseif code == 'o' then
    local ids = redis.call('ZRANGE', B .. 'chunks', 0, tonumber(arg) - 1)
    answers[#answers + 1] = ids
    for _, c in ipairs(ids) do add_chunk(c) end
  elseif code == 'n' then
    local c = redis.call('ZRANGE', B .. 'chunks', -1, -1)[1]
    answers[#answers + 1] = c or ''
    if c then
      local n = redis.call('GETRANGE', B .. 'c:' .. c, 3, 6)
      if #n == 4 and ((string.byte(n, 1) * 256 + string.byte(n, 2)) * 256 + string.byte(n, 3)) * 256
          + string.byte(n, 4) < tonumber(arg) then
        add_chunk(c)
      end
    end
  elseif code == 'a' then
    answers[#answers + 1] = redis.call('ZCOUNT', B .. 'chunks', '-inf', '(' .. arg)
  elseif code == 'b' then
    local out, read = {}, {}
    local L, p, n, exist = M.L, M.p, M.n + tonumber(arg), 2 ^ M.L + M.p
    while n > LOAD * (2 ^ L + p) do
      if p < exist and not read[p] then
        read[p] = true
        out[#out + 1] = p
        out[#out + 1] = redis.call('HGETALL', B .. 'x:' .. tostring(p))
      end
      p = p + 1
      if p == 2 ^ L then L = L + 1; p = 0 end
    end
    answers[#answers + 1] = out
  elseif code == 'T' then
    local all = redis.call('HGETALL', B .. 'tail')
    for j = 1, #all, 2 do add_tail(all[j], all[j + 1]) end
    answers[#answers + 1] = ''
  end
end
return {M.v, M.n, M.s, M.f, answers, tail, chunks, M.o, M.L, M.p}
