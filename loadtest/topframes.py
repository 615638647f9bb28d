#!/usr/bin/env python3
"""Top frames of an async-profiler collapsed profile (one "frame;frame;...;leaf count" line per stack).

Prints two tables: the frames that burn the CPU themselves (self time, the leaf of each stack) and the frames under
which the time is spent (inclusive, counted once per stack), each with its share of all samples. Used by
loadtest/run.sh with LT_PROFILE=1; the tables go into loadtest/RESULTS.md."""
import sys
from collections import Counter

# Rough buckets by a frame every stack of that kind passes through (a stack may count in none)
KINDS = [
    ('JIT compilation (C1/C2: a short run is still warming up)', 'CompileBroker::compiler_thread_loop'),
    ('garbage collection', 'GCTaskThread::run'),
    ('Netty threads (event loops: every request and client I/O)', 'io/netty/util/concurrent/FastThreadLocalRunnable.run'),
    ('epoll (waiting, and the kernel side of I/O)', 'epoll_wait'),
    ('socket writes', 'SocketChannelImpl.write'),
    ('Redis client', 'io/vertx/redis/client'),
    ('Pg client', 'io/vertx/pgclient'),
    ('vertx-web router', 'io/vertx/ext/web/impl/RouterImpl.handle'),
    ('JSON encode/decode (Jackson)', 'com/fasterxml/jackson'),
    ('logging (logback)', 'ch/qos/logback'),
    ('Micrometer', 'io/micrometer'),
]


def main(path, top=25):
    self_time, inclusive, kinds, total = Counter(), Counter(), Counter(), 0
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            stack, _, count = line.rstrip('\n').rpartition(' ')
            if not stack or not count.isdigit():
                continue
            n = int(count)
            frames = stack.split(';')
            total += n
            self_time[frames[-1]] += n
            for frame in set(frames):
                inclusive[frame] += n
            for label, marker in KINDS:
                if marker in stack:
                    kinds[label] += n
    if total == 0:
        print('no samples')
        return
    print(f'samples: {total}')
    print('self %   samples  frame (self time)')
    for frame, n in self_time.most_common(top):
        print(f'{100.0 * n / total:6.2f} {n:9d}  {frame}')
    print()
    print('share of samples by kind of work (inclusive)')
    for label, marker in KINDS:
        n = kinds[label]
        print(f'{100.0 * n / total:6.2f} {n:9d}  {label}')
    print()
    print('incl %   samples  frame (inclusive; org.ncrebm frames only)')
    ours = [(f, n) for f, n in inclusive.items() if f.startswith(('org/ncrebm', 'org.ncrebm'))]
    for frame, n in sorted(ours, key=lambda x: -x[1])[:top]:
        print(f'{100.0 * n / total:6.2f} {n:9d}  {frame}')

if __name__ == '__main__':
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25)
