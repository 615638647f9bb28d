-- Login attempts per subject (an account, or a login name that matches none), judged by the service clock.
-- An attempt is counted before the password is checked, so a burst of parallel guesses cannot slip past the
-- threshold; a success clears the count.
-- KEYS[1] attempts hash, KEYS[2] lock key (same hash tag)
-- ARGV[1] 'begin' or 'ok'; ARGV[2] now (ms); ARGV[3] window (ms); ARGV[4] threshold; ARGV[5] lock (ms)
-- 'begin' returns {1, retryAfterMs} when locked, else {0, attemptsInWindow}.
local now = tonumber(ARGV[2])
if ARGV[1] == 'ok' then
  redis.call('DEL', KEYS[1])
  return {0, 0}
end
local lockUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if lockUntil > now then
  return {1, lockUntil - now}
end
local win = tonumber(ARGV[3])
local start = tonumber(redis.call('HGET', KEYS[1], 's') or '-1')
if start < 0 or now >= start + win or now < start then
  redis.call('HSET', KEYS[1], 's', now, 'c', 0)
end
local c = redis.call('HINCRBY', KEYS[1], 'c', 1)
redis.call('PEXPIRE', KEYS[1], win + 300000)
if c > tonumber(ARGV[4]) then
  local lockMs = tonumber(ARGV[5])
  redis.call('SET', KEYS[2], now + lockMs, 'PX', lockMs + 300000)
  redis.call('DEL', KEYS[1])
  return {1, lockMs}
end
return {0, c}
