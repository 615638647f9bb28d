-- Admits the first entries of a waiting room for one tick (a second), once per tick however many instances run the
-- job: a tick already run answers {0, waiting, admitted} and changes nothing.
-- KEYS as queue_enter; ARGV[1] tick (epoch seconds), ARGV[2] rate (admissions per second, may be fractional, kept
-- as the room's current rate), ARGV[3] admission expiry (ms).
-- Returns {-1} state missing, else {1, waiting, admitted, account...} with the accounts admitted now.
if redis.call('HEXISTS', KEYS[3], 'built') == 0 then return {-1} end
local tick = tonumber(ARGV[1])
local last = tonumber(redis.call('HGET', KEYS[3], 'tick') or '0')
if last >= tick then
  return {0, redis.call('ZCARD', KEYS[1]), tonumber(redis.call('HGET', KEYS[3], 'admitted') or '0')}
end
-- a missed tick (a slow job run) is made up for, at most one
local seconds = 1
if last > 0 then seconds = math.min(2, tick - last) end
redis.call('HSET', KEYS[3], 'tick', ARGV[1], 'rate', ARGV[2])
local n = math.floor(tonumber(ARGV[2]) * seconds)
local out = {1, 0, 0}
if n > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[1], n)
  for i = 1, #popped, 2 do
    redis.call('HSET', KEYS[2], popped[i], ARGV[3])
    out[#out + 1] = popped[i]
  end
end
out[2] = redis.call('ZCARD', KEYS[1])
out[3] = redis.call('HINCRBY', KEYS[3], 'admitted', #out - 3)
return out
