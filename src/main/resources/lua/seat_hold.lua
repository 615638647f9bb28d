-- Takes one seat of a center x subject for a registration, if any is left. Idempotent per registration.
-- KEYS[1] stock counter, KEYS[2] holders set (same hash tag); ARGV[1] registration id
-- Returns 1 newly held, 2 already held, 0 sold out, -1 counter missing (the caller rebuilds it from Postgres).
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 2 end
if tonumber(redis.call('GET', KEYS[1])) <= 0 then return 0 end
redis.call('DECR', KEYS[1])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
