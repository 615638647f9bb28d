package org.ncrebm.platform.auth;

import org.ncrebm.platform.Invalidations;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions this process read from Redis lately, so that a candidate's requests during the spike do not each read
 * Redis again (issue 15). Safe because a revocation is published ({@code session_revoke.lua}, atomically with the
 * delete) and heard by every instance's {@link Invalidations} subscription, which forgets the session before the
 * next request; an entry is kept only while that subscription is up and is read from Redis again after
 * {@code maxAgeMillis} at the latest (the bound if a message were ever lost on a connection that stays up). The idle
 * and absolute limits are still judged on every request, by the service clock.
 */
final class SessionCache implements Invalidations.Listener {
  static final String KIND = "session";

  private record Entry(Principal principal, long absoluteEnd, long seen, long readAt) {
  }

  private final Invalidations feed;
  private final long maxAgeMillis;
  private final int maxEntries;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile long lastSweep = Long.MIN_VALUE;

  SessionCache(Invalidations feed, long maxAgeMillis, int maxEntries) {
    this.feed = feed;
    this.maxAgeMillis = maxAgeMillis;
    this.maxEntries = maxEntries;
    feed.listen(KIND, this);
  }

  /** The cached principal of a session key, if it may still be used at {@code now}. */
  Principal get(String key, long now, long idleMillis) {
    Entry e = entries.get(key);
    if (e == null) return null;
    if (!feed.live() || now - e.readAt() >= maxAgeMillis || now < e.readAt() || now >= e.absoluteEnd()
      || now >= e.seen() + idleMillis) {
      entries.remove(key, e);
      return null;
    }
    return e.principal();
  }

  /** For {@link #put}: taken before the Redis read. */
  long generation() {
    return feed.generation();
  }

  /**
   * Keeps what Redis answered, unless an invalidation (or a loss of the subscription) arrived since
   * {@code generationBefore}: the answer might then predate a revocation whose message has already gone by.
   */
  void put(String key, Principal p, long absoluteEnd, long seen, long readAt, long generationBefore) {
    if (!feed.live() || feed.generation() != generationBefore) return;
    if (entries.size() >= maxEntries) {
      // Full: sweep out old entries at most once a second (a sweep walks them all), else keep nothing new.
      if (readAt >= lastSweep && readAt - lastSweep < 1_000) return;
      lastSweep = readAt;
      evictOld(readAt);
      if (entries.size() >= maxEntries) return;
    }
    entries.put(key, new Entry(p, absoluteEnd, seen, readAt));
  }

  @Override
  public void forget(String key) {
    entries.remove(key);
  }

  @Override
  public void lost() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }

  private void evictOld(long now) {
    entries.values().removeIf(e -> now - e.readAt() >= maxAgeMillis || now < e.readAt());
  }
}
