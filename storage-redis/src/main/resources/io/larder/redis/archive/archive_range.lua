-- Larder archive layout: the chunks (and the tail) a time range needs, in range order.
-- ARGV[1] key base   ARGV[2] '1' newest first
-- ARGV[3] lower bound of chunk first times to reach: chunks are walked down to (or up from) the last chunk whose
--         first time is below it, since that chunk may still hold records at or after it ('-inf' for none)
-- ARGV[4] upper bound, exclusive: only chunks whose first time is below it ('+inf' for none)
-- ARGV[5] '' on the first call, else the rank to continue at (ranks are stable while v is unchanged)
-- ARGV[6] the version v the first call saw ('' on the first call)
-- ARGV[7] the most chunks to return   ARGV[8] a term needle ('' for none): chunks whose term table lacks it are skipped
-- ARGV[9] the records wanted ('0' when unknown): the call ends once the tail (newest first, no term) and the chunks
--         sent hold that many records that surely fall in the range (a chunk surely holds all of its records when its
--         first and last times both lie in it); the client asks again when the cursor or a tie leaves it short
-- Returns {state, v, next rank, {tail id, entry, ...}, {chunk id, body, ...}, floor ('' when no chunk was sealed),
--          first time of the last chunk this call passed, first time of the next chunk in the walk ('' for none)}
--   state 0: no chunk is left in the range; 1: call again at next rank; 2: v moved since the first call (start over)
-- Chunks of equal first times sit in the zset in member order, which is not their records' order: the client
-- bounds the records still unread by the two first times returned, never by the chunks' own last times.
-- The tail comes newest first with the first call, oldest first with the last one (state 0), and only when the
-- range reaches the floor: every tail record's time is at least the floor.
local M = load_meta()
if ARGV[6] ~= '' and M.v ~= tonumber(ARGV[6]) then return {2, M.v, 0, {}, {}, M.f, '', ''} end
local key = B .. 'chunks'
local desc = ARGV[2] == '1'
local lo, hi = ARGV[3], ARGV[4]
local budget, needle, need = tonumber(ARGV[7]), ARGV[8], tonumber(ARGV[9])
-- ascending ranks [first, last] of the chunks in play
local below_lo = lo == '-inf' and 0 or redis.call('ZCOUNT', key, '-inf', '(' .. lo)
local first = math.max(0, below_lo - 1)
local last = (hi == '+inf' and redis.call('ZCARD', key) or redis.call('ZCOUNT', key, '-inf', '(' .. hi)) - 1
local rank
if ARGV[5] ~= '' then rank = tonumber(ARGV[5]) elseif desc then rank = last else rank = first end
local lo_n = lo ~= '-inf' and tonumber(lo) or nil
local hi_n = hi ~= '+inf' and tonumber(hi) or nil

-- a time of the chunk header (int64 big-endian at byte offset at, 0-based); nil when negative (never "sure")
local function time_at(body, at)
  local b1, b2, b3, b4, b5, b6, b7, b8 = string.byte(body, at + 1, at + 8)
  if not b8 or b1 >= 128 then return nil end
  return ((((((b1 * 256 + b2) * 256 + b3) * 256 + b4) * 256 + b5) * 256 + b6) * 256 + b7) * 256 + b8
end

local function surely_in(body)
  local f, l = time_at(body, 7), time_at(body, 15)
  if not f or not l then return 0 end
  if (lo_n and f < lo_n) or (hi_n and l >= hi_n) then return 0 end
  return ((string.byte(body, 4) * 256 + string.byte(body, 5)) * 256 + string.byte(body, 6)) * 256 + string.byte(body, 7)
end

local tail = {}
local sure = 0
local function read_tail()
  if M.f == '' or not hi_n or hi_n > tonumber(M.f) then tail = redis.call('HGETALL', B .. 'tail') end
end
if ARGV[5] == '' and desc then
  read_tail()
  if needle == '' and not lo_n and not hi_n then
    sure = #tail / 2
  elseif needle == '' then
    for i = 2, #tail, 2 do
      local t = time_at(tail[i], 0)
      if t and (not lo_n or t >= lo_n) and (not hi_n or t < hi_n) then sure = sure + 1 end
    end
  end
end
local chunks = {}
local sent, examined = 0, 0
local passed = ''
while sent < budget and (need == 0 or sure < need) and examined < 1000 and rank >= first and rank <= last do
  local z = redis.call('ZRANGE', key, rank, rank, 'WITHSCORES')
  local c = z[1]
  passed = z[2]
  local ckey = B .. 'c:' .. c
  examined = examined + 1
  local keep = true
  if needle ~= '' then
    -- read the header's term table only: a chunk without the term is never copied out
    local head = redis.call('GETRANGE', ckey, 23, 26)
    if #head == 4 then
      local tlen = ((string.byte(head, 1) * 256 + string.byte(head, 2)) * 256 + string.byte(head, 3)) * 256
        + string.byte(head, 4)
      keep = string.find(redis.call('GETRANGE', ckey, 27, 26 + tlen), needle, 1, true) ~= nil
    end
  end
  if keep then
    local body = redis.call('GET', ckey)
    if body then
      chunks[#chunks + 1] = c
      chunks[#chunks + 1] = body
      sent = sent + 1
      if need > 0 and #body >= 31 then sure = sure + surely_in(body) end
    end
  end
  if desc then rank = rank - 1 else rank = rank + 1 end
end
local state = (rank >= first and rank <= last) and 1 or 0
if state == 0 and not desc then read_tail() end
local next_first = state == 1 and redis.call('ZRANGE', key, rank, rank, 'WITHSCORES')[2] or ''
return {state, M.v, rank, tail, chunks, M.f, passed, next_first}
