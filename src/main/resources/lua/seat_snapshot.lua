-- A sold-out counter as it is now, for the process-local memory of sold-out answers (seats.SoldOutMemory).
-- KEYS[1] stock counter, KEYS[2] holders set (same hash tag); ARGV[1] most holders to return
-- Returns {1, holder...} when the counter exists and has no seat left, else {0}.
local stock = redis.call('GET', KEYS[1])
if stock == false or tonumber(stock) > 0 then return {0} end
if redis.call('SCARD', KEYS[2]) > tonumber(ARGV[1]) then return {0} end
local out = redis.call('SMEMBERS', KEYS[2])
table.insert(out, 1, 1)
return out
