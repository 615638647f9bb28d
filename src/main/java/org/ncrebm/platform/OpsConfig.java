package org.ncrebm.platform;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Operations settings (issue 10): how long a stopping instance keeps serving after it reported not-ready, how often
 *  token that guards {@code /metrics}, the log format, and the Redis topology.
 *
 * @param drain           {@code http.drain-seconds}: after SIGTERM, readiness answers 503 and requests are still
 *                        served this long (load balancers need a moment to notice); then the listeners close
 * @param metricsToken    {@code metrics.token}: bearer token for {@code /metrics}; empty = open (dev, test only)
 * @param logFormat       {@code log.format}: {@code text}, {@code json}, or empty = json in prod, text elsewhere
 *                        (read by the launcher before logging starts, see {@link org.ncrebm.platform.logging.LogFormat})
 * @param redisType       {@code redis.type}: {@code standalone}, {@code sentinel} or {@code cluster}
 * @param redisMasterName {@code redis.master-name}: the Sentinel master group
 * @param seedToken       {@code loadtest.seed-token}: token of the load-test seeding route {@code POST /dev/loadtest/seed}
 *                        (dev and test only; empty = route absent; refused at boot in prod)
 */
public record OpsConfig(Duration drain, String metricsToken, String logFormat, String redisType,
                        String redisMasterName, String seedToken) {
  private static final Set<String> FORMATS = Set.of("", "text", "json");
  private static final Set<String> REDIS_TYPES = Set.of("standalone", "sentinel", "cluster");

  void check(Profile profile, List<String> problems) {
    if (!FORMATS.contains(logFormat)) problems.add("log.format must be text or json, not '" + logFormat + "'");
    if (!REDIS_TYPES.contains(redisType)) {
      problems.add("redis.type must be standalone, sentinel or cluster, not '" + redisType + "'");
    }
    if (profile == Profile.PROD && !seedToken.isEmpty()) {
      problems.add("loadtest.seed-token must be empty in prod: the load-test seeding route exists in dev and test only");
    }
    if (profile == Profile.PROD && !Secrets.strong(metricsToken)) {
      problems.add("prod needs metrics.token (NCRE_METRICS_TOKEN), 32+ random chars: /metrics is never public there");
    }
  }

  /** Whether {@code /metrics} asks for the bearer token. */
  public boolean metricsProtected() {
    return !metricsToken.isEmpty();
  }

  @Override
  public String toString() {
    return "Ops[drain=" + drain.toSeconds() + "s, metricsToken="
      + Secrets.mask(metricsToken) + ", logFormat=" + (logFormat.isEmpty() ? "(by profile)" : logFormat)
      + ", seedToken=" + Secrets.mask(seedToken) + ", redis=" + redisType + (redisType.equals("sentinel") ? "/" + redisMasterName : "") + "]";
  }
}
