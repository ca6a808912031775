-- Larder archive layout: the chunks (and the tail) a time range needs, in range order.
-- ARGV[1] key base   ARGV[2] '1' newest first
-- ARGV[3] lower bound of chunk first times to reach: chunks are walked down to (or up from) the last chunk whose
--         first time is below it, since that chunk may still hold records at or after it ('-inf' for none)
-- ARGV[4] upper bound, exclusive: only chunks whose first time is below it ('+inf' for none)
-- ARGV[5] '' on the first call, else the rank to continue at (ranks are stable while v is unchanged)
-- ARGV[6] the version v the first call saw ('' on the first call)
-- ARGV[7] the most chunks to return   ARGV[8] a term needle ('' for none): chunks whose term table lacks it are skipped
-- Returns {state, v, next rank, {tail id, entry, ...}, {chunk id, body, ...}, floor ('' when no chunk was sealed)}
--   state 0: no chunk is left in the range; 1: call again at next rank; 2: v moved since the first call (start over)
local M = load_meta()
if ARGV[6] ~= '' and M.v ~= tonumber(ARGV[6]) then return {2, M.v, 0, {}, {}, M.f} end
local key = B .. 'chunks'
local desc = ARGV[2] == '1'
local lo, hi = ARGV[3], ARGV[4]
local budget, needle = tonumber(ARGV[7]), ARGV[8]
-- ascending ranks [first, last] of the chunks in play
local below_lo = lo == '-inf' and 0 or redis.call('ZCOUNT', key, '-inf', '(' .. lo)
local first = math.max(0, below_lo - 1)
local last = (hi == '+inf' and redis.call('ZCARD', key) or redis.call('ZCOUNT', key, '-inf', '(' .. hi)) - 1
local rank
if ARGV[5] ~= '' then rank = tonumber(ARGV[5]) elseif desc then rank = last else rank = first end
local tail = {}
if ARGV[5] == '' then tail = redis.call('HGETALL', B .. 'tail') end
local chunks = {}
local sent, examined = 0, 0
while sent < budget and examined < 1000 and rank >= first and rank <= last do
  local c = redis.call('ZRANGE', key, rank, rank)[1]
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
    end
  end
  if desc then rank = rank - 1 else rank = rank + 1 end
end
local state = (rank >= first and rank <= last) and 1 or 0
return {state, M.v, rank, tail, chunks, M.f}
