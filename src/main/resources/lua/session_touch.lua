-- Looks up a session and touches its idle timer, judged by the service clock.
-- KEYS[1] session key; ARGV[1] now (ms); ARGV[2] idle limit (ms); ARGV[3] Redis TTL for garbage collection (ms)
-- Returns the session's fields as a flat list, or an empty list when it is unknown, idle or past its absolute end.
local s = redis.call('HGETALL', KEYS[1])
if #s == 0 then return {} end
local abs, seen
for i = 1, #s, 2 do
  if s[i] == 'abs' then abs = tonumber(s[i + 1]) elseif s[i] == 'seen' then seen = tonumber(s[i + 1]) end
end
local now = tonumber(ARGV[1])
if abs == nil or seen == nil or now >= abs or now >= seen + tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  return {}
end
-- A write per request would be wasted; a minute's precision is enough for a 30-minute idle limit.
if now - seen >= 60000 then
  redis.call('HSET', KEYS[1], 'seen', now)
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return s
