-- Ends a session and tells every instance's local session cache to forget it, in one step: no instance can hear
-- of the revocation before the session is gone, and none can miss it once it is.
-- KEYS[1] session key; ARGV[1] channel; ARGV[2] message
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[1], ARGV[2])
return 1
