-- One rate-limit call for one subject (key layout limit-v2, KEYS.md): every limit is checked
-- and, when all admit the request, counted; otherwise nothing changes (all or none). The time is
-- the server's (TIME): no client clock decides a window. The decision is storage-api's
-- LimitCounters, step for step; the client turns the counts this script answers into remaining
-- permits, reset and retry times with that same arithmetic.
--
-- KEYS: per limit its counter (a sliding limit two: for even and for odd windows), all under the
--       subject's hash tag (one slot).
-- ARGV: op ('a' acquire, 'p' peek, 'r' refund), permits,
--       for a refund: the number of limits, then per limit the window its permits were taken in,
--       then per limit its kind and numbers:
--         'f' max period_ms        a fixed window aligned to the epoch
--         'c' max b1 b2 b3 b4      a calendar window: the [b_j, b_j+1) that holds the server's time
--         's' max period_ms        a sliding window (the current and the previous window's counts)
--         'g' burst interval_us    a smooth limit (GCRA): the theoretical arrival time
-- Values: a window's counter is the integer tag * 2^41 + count, the tag being the window's index
-- mod 2048 (fixed and sliding: start / period; calendar: start's hour since the epoch), so a
-- write within the window is one INCRBY and keeps its PXAT (the window's end); a smooth limit's
-- is its tat in epoch µs. A counter that falls to zero is deleted: an idle subject leaves nothing.
-- Reply: allowed (1/0; a refund 1), now (µs), then per limit the state before the call:
--        fixed, calendar: the count; sliding: the current and the previous count; smooth: the tat or 0.
--
-- Every call runs this whole script, so it is written for the interpreter: one pass over the
-- limits, no closure made per call, no number formatted but a new window's first value, and a
-- commit that sends the permits argument as it came.

local time = redis.call('TIME')
local sec, usec = tonumber(time[1]), tonumber(time[2])
local now = sec * 1000000 + usec
local nowms = sec * 1000 + (usec - usec % 1000) / 1000
local argv = ARGV
local op = argv[1]
local permits = tonumber(argv[2])
local stored = redis.call('MGET', unpack(KEYS))
local refund = op == 'r'
local a = 3
if refund then
  a = 4 + tonumber(argv[3])
end
local COUNT = 2199023255552   -- 2^41: the counter's share that counts
local TAGS = 2047
local find = string.find
local CORRUPT = ' holds a value no limiter wrote'

local allowed = true
local reply = {1, now}
-- per key, what a commit does: nothing (nil), INCRBY (a number, or true: the permits), DEL
-- (false), SET value PXAT (a table)
local todo = {}
local n = #KEYS
local k, i, r = 1, 0, 2

while k <= n do
  local kind = argv[a]
  i = i + 1
  r = r + 1
  if kind == 'f' or kind == 'c' then
    local max = tonumber(argv[a + 1])
    local start, finish, index
    if kind == 'f' then
      local period = tonumber(argv[a + 2])
      start = nowms - nowms % period
      finish = start + period
      index = start / period
      a = a + 3
    else
      for j = a + 3, a + 5 do
        local hi = tonumber(argv[j])
        if nowms < hi then
          local lo = tonumber(argv[j - 1])
          if lo <= nowms then
            start, finish = lo, hi
          end
          break
        end
      end
      if not start then
        return redis.error_reply('LARDER_CLOCK_SKEW the server time ' .. string.format('%.0f', nowms)
          .. ' ms is outside the calendar windows ' .. argv[a + 2] .. '..' .. argv[a + 5]
          .. ' the client proposed for ' .. KEYS[k])
      end
      index = (start - start % 3600000) / 3600000
      a = a + 6
    end
    local tag = (index % TAGS + 1) * COUNT
    local used, here = 0, false
    local v = stored[k]
    if v then
      local x = tonumber(v)
      if x and x - x % COUNT == tag then
        used, here = x - tag, true
      elseif #v > 16 or not find(v, '^%d+$') then
        return redis.error_reply('LARDER_CORRUPT_LIMIT ' .. KEYS[k] .. CORRUPT)
      end
    end
    reply[r] = used
    if refund then
      if tonumber(argv[3 + i]) == start and used > 0 then
        if used <= permits then
          todo[k] = false
        else
          todo[k] = -permits
        end
      elseif v and not here then
        -- a window that has ended counts nothing: a refund takes it away
        todo[k] = false
      end
    elseif used + permits > max then
      allowed = false
    elseif here then
      todo[k] = true
    else
      todo[k] = {tag + permits, finish}
    end
    k = k + 1
  elseif kind == 's' then
    local max = tonumber(argv[a + 1])
    local p = tonumber(argv[a + 2])
    a = a + 3
    local start = nowms - nowms % p
    local index = start / p
    -- the current window's counter is the first key in an even window, the second in an odd one
    local kc = k + index % 2
    local kp = 2 * k + 1 - kc
    local tc, tp = (index % TAGS + 1) * COUNT, ((index - 1) % TAGS + 1) * COUNT
    local curr, prev, here = 0, 0, false
    local vc, vp = stored[kc], stored[kp]
    if vc then
      local x = tonumber(vc)
      if x and x - x % COUNT == tc then
        curr, here = x - tc, true
      elseif #vc > 16 or not find(vc, '^%d+$') then
        return redis.error_reply('LARDER_CORRUPT_LIMIT ' .. KEYS[kc] .. CORRUPT)
      end
    end
    if vp then
      local x = tonumber(vp)
      if x and x - x % COUNT == tp then
        prev = x - tp
      elseif #vp > 16 or not find(vp, '^%d+$') then
        return redis.error_reply('LARDER_CORRUPT_LIMIT ' .. KEYS[kp] .. CORRUPT)
      end
    end
    -- numbers are doubles: exact for integers below 2^53, which every number here stays under
    -- (LimitRule checks the limits); a quotient near an integer may round up, so it is corrected
    local weight = p - (nowms - start)
    local x = max * p - prev * weight
    local q = math.floor(x / p)
    if q * p > x then
      q = q - 1
    elseif (q + 1) * p <= x then
      q = q + 1
    end
    reply[r], reply[r + 1] = curr, prev
    r = r + 1
    if refund then
      local w = tonumber(argv[3 + i])
      if w == start and curr > 0 then
        todo[kc] = curr > permits and -permits
      elseif w == start - p and prev > 0 then
        todo[kp] = prev > permits and -permits
      end
    elseif permits > q - curr then
      allowed = false
    elseif here then
      todo[kc] = true
    else
      todo[kc] = {tc + permits, start + 2 * p}
    end
    k = k + 2
  elseif kind == 'g' then
    local burst = tonumber(argv[a + 1])
    local t = tonumber(argv[a + 2])
    a = a + 3
    local cap = burst * t
    local v = stored[k]
    local tat = now
    if v then
      v = tonumber(v)
      -- (false for a NaN too)
      if not (v and v < 9007199254740992) then
        return redis.error_reply('LARDER_CORRUPT_LIMIT ' .. KEYS[k] .. CORRUPT)
      end
      if v > now then
        tat = v
      end
    end
    reply[r] = v or 0
    local nxt = tat
    if refund then
      nxt = math.max(now, tat - permits * t)
    elseif tat + permits * t - now <= cap then
      nxt = tat + permits * t
    else
      allowed = false
    end
    -- a tat that is not in the future holds nothing: the counter goes
    if nxt > now then
      if nxt ~= tat then
        todo[k] = {nxt, math.ceil(nxt / 1000)}
      end
    elseif v then
      todo[k] = false
    end
    k = k + 1
  else
    return redis.error_reply('LARDER_UNKNOWN_LIMIT kind ' .. tostring(kind) .. ' for ' .. KEYS[k])
  end
end

if refund or (allowed and op == 'a') then
  -- the INCRBYs first: a counter whose number INCRBY refuses (spaces, a sign, leading zeros)
  -- undoes those before it, so the call changes nothing and says which key
  for j = 1, n do
    local x = todo[j]
    if x == true or type(x) == 'number' then
      local by = x == true and argv[2] or x
      if type(redis.pcall('INCRBY', KEYS[j], by)) == 'table' then
        for u = 1, j - 1 do
          local y = todo[u]
          if y == true or type(y) == 'number' then
            redis.call('DECRBY', KEYS[u], y == true and argv[2] or y)
          end
        end
        return redis.error_reply('LARDER_CORRUPT_LIMIT ' .. KEYS[j] .. CORRUPT)
      end
    end
  end
  for j = 1, n do
    local x = todo[j]
    if x == false then
      redis.call('DEL', KEYS[j])
    elseif type(x) == 'table' then
      redis.call('SET', KEYS[j], string.format('%.0f', x[1]), 'PXAT', string.format('%.0f', x[2]))
    end
  end
elseif not allowed then
  reply[1] = 0
end
return reply
