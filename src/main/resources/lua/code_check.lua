-- Checks a verification code, judged by the service clock. Codes are stored as keyed digests, never in clear.
-- KEYS[1] code hash; ARGV[1] digest of the code offered; ARGV[2] now (ms); ARGV[3] max wrong tries; ARGV[4] '1' to consume
-- Returns 1 when the code matches (and deletes it if asked), 0 otherwise. Too many wrong tries burn the code.
local stored = redis.call('HMGET', KEYS[1], 'h', 'exp')
if not stored[1] then return 0 end
if tonumber(ARGV[2]) >= tonumber(stored[2]) then
  redis.call('DEL', KEYS[1])
  return 0
end
if stored[1] == ARGV[1] then
  if ARGV[4] == '1' then redis.call('DEL', KEYS[1]) end
  return 1
end
local tries = redis.call('HINCRBY', KEYS[1], 'tries', 1)
if tries >= tonumber(ARGV[3]) then redis.call('DEL', KEYS[1]) end
return 0
