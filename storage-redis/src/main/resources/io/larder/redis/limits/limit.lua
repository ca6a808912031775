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

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local nowms = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local op = ARGV[1]
local permits = tonumber(ARGV[2])
local n = #KEYS
local stored = redis.call('MGET', unpack(KEYS))
local refund = op == 'r'
local a = 3
local windows = a
if refund then
  a = a + n
end

local function corrupt(i)
  return redis.error_reply('LARDER_CORRUPT_LIMIT ' .. KEYS[i] .. ' holds a value no limiter wrote')
end

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

-- tostring would print 1e+15 past 14 digits
local function num(x)
  return string.format('%.0f', x)
end

local allowed = true
local retry = 0
-- per limit, as flat arrays (tables per limit cost more than the arithmetic): the state shown
-- before and after the call, and what a commit writes; strings are made only for a commit
local rem0, res0, rem1, res1, win = {}, {}, {}, {}, {}
local wstart, wcount, wprev, wexpire = {}, {}, {}, {}

for i = 1, n do
  local kind = ARGV[a]
  local v = stored[i]
  if kind == 'f' or kind == 'c' then
    local max = tonumber(ARGV[a + 1])
    local start, finish, finishText
    if kind == 'f' then
      local period = tonumber(ARGV[a + 2])
      start = nowms - nowms % period
      finish = start + period
      a = a + 3
    else
      local count = tonumber(ARGV[a + 2])
      for j = a + 3, a + count + 1 do
        local lo = tonumber(ARGV[j])
        local hi = tonumber(ARGV[j + 1])
        if lo <= nowms and nowms < hi then
          start = lo
          finish = hi
          finishText = ARGV[j + 1]
          break
        end
      end
      if not start then
        return redis.error_reply('LARDER_CLOCK_SKEW the server time ' .. num(nowms) .. ' ms is outside the calendar windows '
          .. ARGV[a + 3] .. '..' .. ARGV[a + count + 2] .. ' the client proposed for ' .. KEYS[i])
      end
      a = a + 3 + count
    end
    local used = 0
    if v then
      local w, c = string.match(v, '^(%d+):(%d+)$')
      if not w then
        return corrupt(i)
      end
      if tonumber(w) == start then
        used = tonumber(c)
      end
    end
    local nxt = used
    if refund then
      if tonumber(ARGV[windows + i - 1]) == start then
        nxt = math.max(0, used - permits)
      end
    elseif used + permits <= max then
      nxt = used + permits
    else
      allowed = false
      retry = math.max(retry, finish * 1000 - now)
    end
    wstart[i] = start
    wcount[i] = nxt
    wprev[i] = false
    wexpire[i] = finishText or finish
    rem0[i] = math.max(0, max - used)
    rem1[i] = math.max(0, max - nxt)
    res0[i] = finish * 1000
    res1[i] = finish * 1000
    win[i] = start
  elseif kind == 's' then
    local max = tonumber(ARGV[a + 1])
    local p = tonumber(ARGV[a + 2])
    a = a + 3
    local start = nowms - nowms % p
    local curr, prev = 0, 0
    if v then
      local w, c, q = string.match(v, '^(%d+):(%d+):(%d+)$')
      if not w then
        return corrupt(i)
      end
      w = tonumber(w)
      if w == start then
        curr = tonumber(c)
        prev = tonumber(q)
      elseif w == start - p then
        prev = tonumber(c)
      end
    end
    local weight = p - (nowms - start)
    local function remaining(cu, pr)
      return math.max(0, floordiv(max * p - pr * weight, p) - cu)
    end
    local function resets(cu, pr)
      if cu > 0 then
        return (start + 2 * p) * 1000
      elseif pr > 0 then
        return (start + p) * 1000
      end
      return now
    end
    local nc, np = curr, prev
    if refund then
      local w = tonumber(ARGV[windows + i - 1])
      if w == start then
        nc = math.max(0, curr - permits)
      elseif w == start - p then
        np = math.max(0, prev - permits)
      end
    elseif permits <= remaining(curr, prev) then
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
    wstart[i] = start
    wcount[i] = nc
    wprev[i] = np
    wexpire[i] = start + 2 * p
    rem0[i] = remaining(curr, prev)
    rem1[i] = remaining(nc, np)
    res0[i] = resets(curr, prev)
    res1[i] = resets(nc, np)
    win[i] = start
  elseif kind == 'g' then
    local burst = tonumber(ARGV[a + 1])
    local t = tonumber(ARGV[a + 2])
    a = a + 3
    local cap = burst * t
    local tat = now
    if v then
      local stored_tat = string.match(v, '^(%d+)$')
      if not stored_tat then
        return corrupt(i)
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
    -- a tat that is not in the future holds nothing: the counter goes
    wstart[i] = false
    wcount[i] = nxt > now and nxt or 0
    wprev[i] = false
    wexpire[i] = math.ceil(nxt / 1000)
    rem0[i] = math.max(0, floordiv(cap - (tat - now), t))
    rem1[i] = math.max(0, floordiv(cap - (nxt - now), t))
    res0[i] = tat
    res1[i] = nxt
    win[i] = 0
  else
    return redis.error_reply('LARDER_UNKNOWN_LIMIT kind ' .. tostring(kind) .. ' for ' .. KEYS[i])
  end
end

local changes = refund or (allowed and op == 'a')
if changes then
  for i = 1, n do
    local count = wcount[i]
    local prev = wprev[i]
    if count == 0 and (not prev or prev == 0) then
      if stored[i] then
        redis.call('DEL', KEYS[i])
      end
    else
      local value
      if not wstart[i] then
        value = num(count)
      elseif prev then
        value = string.format('%.0f:%.0f:%.0f', wstart[i], count, prev)
      else
        value = string.format('%.0f:%.0f', wstart[i], count)
      end
      local expire = wexpire[i]
      if type(expire) == 'number' then
        expire = num(expire)
      end
      redis.call('SET', KEYS[i], value, 'PXAT', expire)
    end
  end
end

local reply = {(refund or allowed) and 1 or 0, now, 0}
if not allowed then
  reply[3] = retry
end
local rem, res = rem0, res0
if changes then
  rem, res = rem1, res1
end
for i = 1, n do
  reply[3 * i + 1] = rem[i]
  reply[3 * i + 2] = res[i]
  reply[3 * i + 3] = win[i]
end
return reply
