-- Gives a registration's seat back to the pool; a second release of the same seat changes nothing.
-- KEYS[1] stock counter, KEYS[2] holders set; ARGV[1] registration id. Returns 1 when a seat went back.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('SREM', KEYS[2], ARGV[1]) == 1 then
  redis.call('INCR', KEYS[1])
  return 1
end
return 0
