-- An account's entry in a waiting room, changing nothing. KEYS as queue_enter; ARGV[1] account, ARGV[2] now (ms).
-- Returns {-1} state missing, {0} no entry, {1, rank, waiting, rate} waiting, {2, 0, 0, rate, expiry} admitted,
-- {3, 0, 0, rate, expiry} admission expired.
if redis.call('HEXISTS', KEYS[3], 'built') == 0 then return {-1} end
local rate = redis.call('HGET', KEYS[3], 'rate') or ''
local admitted = redis.call('HGET', KEYS[2], ARGV[1])
if admitted then
  if tonumber(admitted) > tonumber(ARGV[2]) then return {2, 0, 0, rate, admitted} end
  return {3, 0, 0, rate, admitted}
end
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if not rank then return {0} end
return {1, rank, redis.call('ZCARD', KEYS[1]), rate}
