-- Fixed-window counter judged by the service clock.
-- KEYS[1] counter hash; ARGV[1] now (ms); ARGV[2] window (ms); ARGV[3] limit; ARGV[4] '1' to count this hit
-- Returns {1, count} when allowed, {0, retryAfterMs} when the limit is reached.
-- With KEYS[2] (a hash in the same slot) and field names from ARGV[5], an allowed hit also answers
-- {1, count, value...} (HMGET of KEYS[2]): the hot hold counts its attempt and reads its registration's header in
-- one round trip.
local now = tonumber(ARGV[1])
local win = tonumber(ARGV[2])
local start = tonumber(redis.call('HGET', KEYS[1], 's') or '-1')
local count = 0
if start < 0 or now >= start + win or now < start then
  start = now
  redis.call('HSET', KEYS[1], 's', start, 'c', 0)
else
  count = tonumber(redis.call('HGET', KEYS[1], 'c') or '0')
end
if count >= tonumber(ARGV[3]) then
  return {0, start + win - now}
end
if ARGV[4] == '1' then
  count = redis.call('HINCRBY', KEYS[1], 'c', 1)
end
redis.call('PEXPIRE', KEYS[1], win + 300000)
if #KEYS > 1 then
  local out = redis.call('HMGET', KEYS[2], unpack(ARGV, 5))
  table.insert(out, 1, count)
  table.insert(out, 1, 1)
  return out
end
return {1, count}
