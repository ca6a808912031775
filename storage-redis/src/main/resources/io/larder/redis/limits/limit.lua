-- One rate-limit call for one subject: every limit is checked and, when all admit the request,
-- counted; otherwise nothing changes (all or none). The time is the server's (TIME): no client
-- clock decides a window. The arithmetic is storage-memory's SubjectCounters, step for step.
--
-- KEYS: one counter per limit, all under the subject's hash tag (one slot).
-- ARGV: op ('a' acquire, 'p' peek, 'r' refund), permits,
--       for a refund: per limit the window its permits were taken in,
--       then per limit its kind and numbers:
--         'f' max period_ms      a fixed window aligned to the epoch
--         'c' max n b_1 .. b_n   a calendar window: the [b_j, b_j+1) that holds the server's time
--         's' max period_ms      a sliding window (the current and the previous window's counts)
--         'g' burst interval_us  a smooth limit (GCRA): the theoretical arrival time
-- Values: fixed and calendar 'start:count', sliding 'start:current:previous', smooth 'tat'
-- (start in epoch ms, tat in epoch µs), each with PXAT when it stops mattering; a counter that
-- falls to zero is deleted, so an idle subject leaves nothing.
-- Reply: allowed (1/0), now (µs), retry after (µs), then per limit: remaining, resets at (µs), window.
--
-- Every call runs this whole script, so it is written for the interpreter: one pass over the
-- limits, four tables (the reply, the state after the call, and what a commit writes), no
-- function made per call but floordiv, and no number formatted that is not written. A counter
-- that stays in the window it holds keeps its text for the window and its expiry (SET KEEPTTL):
-- a window's expiry follows from its start, and formatting a number and replacing an expiry
-- are most of what a write costs the server.

local time = redis.call('TIME')
local sec, usec = tonumber(time[1]), tonumber(time[2])
local now = sec * 1000000 + usec
local nowms = sec * 1000 + (usec - usec % 1000) / 1000
local op = ARGV[1]
local permits = tonumber(ARGV[2])
local n = #KEYS
local stored = redis.call('MGET', unpack(KEYS))
local refund = op == 'r'
local windows = 2
local a = refund and 3 + n or 3

-- numbers are doubles: exact for integers below 2^53, which every number here stays under
-- (LimitRule checks the limits); a quotient near an integer may round up, so it is corrected
local function floordiv(x, y)
  local q = math.floor(x / y)
  if q * y > x then
    return q - 1
  elseif (q + 1) * y <= x then
    return q + 1
  end
  return q
end

local allowed = true
local retry = 0
-- the reply shows the state before the call unless the call changes it; 'after' holds the state
-- after (remaining, resets per limit), 'value' and 'expire' what a commit writes (value false:
-- delete). Integers below 1e14 (counts, epoch ms) concatenate exactly; a tat (µs) is formatted.
local reply = {1, now, 0}
local after, value, expire = {}, {}, {}

for i = 1, n do
  local kind = ARGV[a]
  local v = stored[i]
  local r = 3 * i + 1
  if kind == 'f' or kind == 'c' then
    local max = tonumber(ARGV[a + 1])
    local start, finish, startText, finishText
    if kind == 'f' then
      local period = tonumber(ARGV[a + 2])
      start = nowms - nowms % period
      finish = start + period
      a = a + 3
    else
      local count = tonumber(ARGV[a + 2])
      for j = a + 3, a + count + 1 do
        local hi = tonumber(ARGV[j + 1])
        if nowms < hi then
          local lo = tonumber(ARGV[j])
          if lo <= nowms then
            start = lo
            finish = hi
            startText = ARGV[j]
            finishText = ARGV[j + 1]
          end
          break
        end
      end
      if not start then
        return redis.error_reply('LARDER_CLOCK_SKEW the server time ' .. string.format('%.0f', nowms)
          .. ' ms is outside the calendar windows ' .. ARGV[a + 3] .. '..' .. ARGV[a + count + 2]
          .. ' the client proposed for ' .. KEYS[i])
      end
      a = a + 3 + count
    end
    local used = 0
    -- the stored window's text when the counter is in this window: its expiry is this window's end
    local kept = false
    if v then
      local w, c = string.match(v, '^(%d+):(%d+)$')
      if not w then
        return redis.error_reply('LARDER_CORRUPT_LIMIT ' .. KEYS[i] .. ' holds a value no limiter wrote')
      end
      if tonumber(w) == start then
        used = tonumber(c)
        kept = w
      end
    end
    local nxt = used
    if refund then
      if tonumber(ARGV[windows + i]) == start then
        nxt = math.max(0, used - permits)
      end
    elseif used + permits <= max then
      nxt = used + permits
    else
      allowed = false
      retry = math.max(retry, finish * 1000 - now)
    end
    local resets = finish * 1000
    reply[r], reply[r + 1], reply[r + 2] = math.max(0, max - used), resets, start
    after[2 * i - 1], after[2 * i] = math.max(0, max - nxt), resets
    if nxt == 0 then
      value[i] = false
    elseif kept then
      value[i] = kept .. ':' .. nxt
      expire[i] = false
    else
      value[i] = (startText or start) .. ':' .. nxt
      expire[i] = finishText or finish
    end
  elseif kind == 's' then
    local max = tonumber(ARGV[a + 1])
    local p = tonumber(ARGV[a + 2])
    a = a + 3
    local start = nowms - nowms % p
    local curr, prev = 0, 0
    local kept = false
    if v then
      local w, c, q = string.match(v, '^(%d+):(%d+):(%d+)$')
      if not w then
        return redis.error_reply('LARDER_CORRUPT_LIMIT ' .. KEYS[i] .. ' holds a value no limiter wrote')
      end
      local wn = tonumber(w)
      if wn == start then
        curr = tonumber(c)
        prev = tonumber(q)
        kept = w
      elseif wn == start - p then
        prev = tonumber(c)
      end
    end
    -- permits admitted now: the current count plus the previous one's, weighted by what of it
    -- the trailing period still covers; full again once both counts have left it
    local weight = p - (nowms - start)
    local nc, np = curr, prev
    if refund then
      local w = tonumber(ARGV[windows + i])
      if w == start then
        nc = math.max(0, curr - permits)
      elseif w == start - p then
        np = math.max(0, prev - permits)
      end
    elseif permits <= floordiv(max * p - prev * weight, p) - curr then
      nc = curr + permits
    else
      allowed = false
      -- later in this window, once the previous one weighs little enough; else in the next
      local wait
      local need = max - curr - permits
      if need >= 0 and prev > 0 then
        local at = p - floordiv(need * p, prev)
        if at < p then
          wait = (start + at) * 1000 - now
        end
      end
      if not wait then
        local at = 0
        if curr > 0 then
          at = math.max(0, p - floordiv((max - permits) * p, curr))
        end
        wait = (start + p + at) * 1000 - now
      end
      retry = math.max(retry, wait)
    end
    local resets0, resets1 = now, now
    if curr > 0 then
      resets0 = (start + 2 * p) * 1000
    elseif prev > 0 then
      resets0 = (start + p) * 1000
    end
    if nc > 0 then
      resets1 = (start + 2 * p) * 1000
    elseif np > 0 then
      resets1 = (start + p) * 1000
    end
    reply[r] = math.max(0, floordiv(max * p - prev * weight, p) - curr)
    reply[r + 1], reply[r + 2] = resets0, start
    after[2 * i - 1] = math.max(0, floordiv(max * p - np * weight, p) - nc)
    after[2 * i] = resets1
    if nc == 0 and np == 0 then
      value[i] = false
    elseif kept then
      value[i] = kept .. ':' .. nc .. ':' .. np
      expire[i] = false
    else
      value[i] = start .. ':' .. nc .. ':' .. np
      expire[i] = start + 2 * p
    end
  elseif kind == 'g' then
    local burst = tonumber(ARGV[a + 1])
    local t = tonumber(ARGV[a + 2])
    a = a + 3
    local cap = burst * t
    local tat = now
    if v then
      local stored_tat = string.match(v, '^(%d+)$')
      if not stored_tat then
        return redis.error_reply('LARDER_CORRUPT_LIMIT ' .. KEYS[i] .. ' holds a value no limiter wrote')
      end
      tat = math.max(tonumber(stored_tat), now)
    end
    local nxt = tat
    if refund then
      nxt = math.max(now, tat - permits * t)
    elseif tat + permits * t - now <= cap then
      nxt = tat + permits * t
    else
      allowed = false
      retry = math.max(retry, tat + permits * t - cap - now)
    end
    reply[r], reply[r + 1], reply[r + 2] = math.max(0, floordiv(cap - (tat - now), t)), tat, 0
    after[2 * i - 1], after[2 * i] = math.max(0, floordiv(cap - (nxt - now), t)), nxt
    -- a tat that is not in the future holds nothing: the counter goes
    if nxt > now then
      value[i] = string.format('%.0f', nxt)
      expire[i] = math.ceil(nxt / 1000)
    else
      value[i] = false
    end
  else
    return redis.error_reply('LARDER_UNKNOWN_LIMIT kind ' .. tostring(kind) .. ' for ' .. KEYS[i])
  end
end

if refund or (allowed and op == 'a') then
  for i = 1, n do
    local r = 3 * i + 1
    reply[r], reply[r + 1] = after[2 * i - 1], after[2 * i]
    if value[i] then
      if expire[i] then
        redis.call('SET', KEYS[i], value[i], 'PXAT', expire[i])
      else
        redis.call('SET', KEYS[i], value[i], 'KEEPTTL')
      end
    elseif stored[i] then
      redis.call('DEL', KEYS[i])
    end
  end
elseif not allowed then
  reply[1], reply[3] = 0, retry
end
return reply
