package org.ncrebm.platform;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Typed reads of the flat configuration ({@code conf/config.json} merged with {@code NCRE_*}) with range checks;
 * problems are collected, not thrown one by one, so a bad configuration is reported whole at boot. Public because
 * each bounded context reads its own settings with it; the composition root shares one reader between them all.
 */
public record ConfigReader(JsonObject c, List<String> problems) {
  public String str(String key) {
    Object v = c.getValue(key);
    if (v == null) {
      problems.add(key + " is missing");
      return "";
    }
    return String.valueOf(v).trim();
  }

  /** A base URL: as {@link #str} without a trailing slash, so paths can be appended. */
  public String url(String key) {
    return stripSlash(str(key));
  }

  public int integer(String key, int min, int max) {
    Object v = c.getValue(key);
    try {
      int n = v instanceof Number num ? num.intValue() : Integer.parseInt(String.valueOf(v).trim());
      if (n < min || n > max) {
        problems.add(key + " must be between " + min + " and " + max + ", not " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      problems.add(key + " must be a whole number, not '" + v + "'");
      return min;
    }
  }

  public double decimal(String key, double min, double max) {
    Object v = c.getValue(key);
    try {
      double d = v instanceof Number num ? num.doubleValue() : Double.parseDouble(String.valueOf(v).trim());
      if (!(d >= min && d <= max)) {
        problems.add(key + " must be between " + min + " and " + max + ", not " + d);
      }
      return d;
    } catch (NumberFormatException e) {
      problems.add(key + " must be a number, not '" + v + "'");
      return 1.0;
    }
  }

  public boolean bool(String key) {
    Object v = c.getValue(key);
    if (v instanceof Boolean b) return b;
    String s = String.valueOf(v).trim().toLowerCase();
    if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
    problems.add(key + " must be true or false, not '" + v + "'");
    return false;
  }

  /** Records a problem found by a check across keys (a prod rule, a key pair that does not match). */
  public void problem(String problem) {
    problems.add(problem);
  }

  /** Ends the reading: every problem found so far, of every part, in one error. */
  public void failOnProblems() {
    if (!problems.isEmpty()) {
      throw new IllegalStateException("invalid configuration: " + String.join("; ", problems));
    }
  }

  public static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
