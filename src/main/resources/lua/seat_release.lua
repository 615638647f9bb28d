-- Gives a registration's seat back; a second release of the same seat changes nothing.
-- KEYS[1] stock counter, KEYS[2] holders set, KEYS[3] waiting count (same hash tag); ARGV[1] registration id.
-- While candidates wait for the subject (feature S6) the seat is not returned to the open pool: Postgres offers it to
-- the first of them in the releasing transaction, so here the waiting count goes down instead of the stock going up.
-- Returns 1 when the seat went back to the pool, 2 when it went to the waiting list, 0 when nothing changed.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('SREM', KEYS[2], ARGV[1]) == 1 then
  if KEYS[3] and tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then
    redis.call('DECR', KEYS[3])
    return 2
  end
  redis.call('INCR', KEYS[1])
  return 1
end
return 0
