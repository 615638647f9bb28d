-- (Re)builds a counter from Postgres' truth: the seats left, who holds them and how many wait.
-- KEYS[1] stock counter, KEYS[2] holders set, KEYS[3] waiting count; ARGV[1] 'init' (only if missing) or 'reset';
-- ARGV[2] stock; ARGV[3] waiting; ARGV[4..] holder registration ids. Returns 1 when written.
if ARGV[1] == 'init' and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[2])
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[3], ARGV[3])
for i = 4, #ARGV do redis.call('SADD', KEYS[2], ARGV[i]) end
return 1
