-- An account enters a window's waiting room, or finds its entry again (one per account and window).
-- KEYS[1] waiting entries (sorted set, score = order), KEYS[2] admissions (hash account -> expiry ms),
-- KEYS[3] room meta (hash: built, tick, rate, admitted); one hash tag {q:sid:code}.
-- ARGV[1] account id, ARGV[2] the entry's score (kept from the first entry: ZADD NX), ARGV[3] now (ms),
-- ARGV[4] when the room's keys expire (ms; a day after the window closes).
-- Returns {-1} when the room's state is missing (the caller rebuilds it from Postgres), {2, 0, 0, rate, expiry}
-- when admitted, else {1, rank, waiting, rate}. An expired admission enters again with the score given.
if redis.call('HEXISTS', KEYS[3], 'built') == 0 then return {-1} end
local rate = redis.call('HGET', KEYS[3], 'rate') or ''
local admitted = redis.call('HGET', KEYS[2], ARGV[1])
if admitted then
  if tonumber(admitted) > tonumber(ARGV[3]) then return {2, 0, 0, rate, admitted} end
  redis.call('HDEL', KEYS[2], ARGV[1])
end
redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
for i = 1, 3 do redis.call('PEXPIREAT', KEYS[i], ARGV[4]) end
return {1, redis.call('ZRANK', KEYS[1], ARGV[1]), redis.call('ZCARD', KEYS[1]), rate}
