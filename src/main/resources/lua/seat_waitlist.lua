-- A waiting list's effect on a counter (feature S6), after Postgres committed it; nothing when the counter is not in
-- Redis (it is rebuilt from Postgres on first use, waiting count included).
-- KEYS[1] stock counter, KEYS[2] holders set, KEYS[3] waiting count; ARGV[1] what happened:
--   'join' / 'leave'   a candidate started / stopped waiting: the waiting count +1 / -1 (never below 0)
--   'pass'             an offer lapsed or was declined and went to the next waiting candidate: waiting -1
--   'return'           an offer lapsed or was declined and nobody waits: the seat goes to the open pool
--   'accept'           an offer was accepted: ARGV[2], the registration, now holds the seat (stock unchanged)
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local what = ARGV[1]
if what == 'join' then
  redis.call('INCR', KEYS[3])
elseif what == 'leave' or what == 'pass' then
  if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then redis.call('DECR', KEYS[3]) end
elseif what == 'return' then
  redis.call('INCR', KEYS[1])
elseif what == 'accept' then
  redis.call('SADD', KEYS[2], ARGV[2])
end
return 1
