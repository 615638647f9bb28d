-- Rebuilds a waiting room from Postgres' record, in chunks. KEYS as queue_enter.
-- ARGV[1] '-' for a chunk, or the admitted count for the last one (which marks the room built), ARGV[2] when the
-- keys expire (ms), ARGV[3] k, then k pairs (score, account) of waiting entries, then pairs (account, expiry ms) of
-- admissions. Idempotent: nothing already there is overwritten, and an account admitted meanwhile is not put back
-- in line.
local k = tonumber(ARGV[3])
local i = 4
for j = 1, k do
  if redis.call('HEXISTS', KEYS[2], ARGV[i + 1]) == 0 then
    redis.call('ZADD', KEYS[1], 'NX', ARGV[i], ARGV[i + 1])
  end
  i = i + 2
end
while i < #ARGV do
  redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 1])
  redis.call('ZREM', KEYS[1], ARGV[i])
  i = i + 2
end
if ARGV[1] ~= '-' then
  redis.call('HSETNX', KEYS[3], 'admitted', ARGV[1])
  redis.call('HSET', KEYS[3], 'built', '1')
end
for j = 1, 3 do
  if redis.call('EXISTS', KEYS[j]) == 1 then redis.call('PEXPIREAT', KEYS[j], ARGV[2]) end
end
return 1
