package org.ncrebm.platform;

/** Where the service runs: {@code dev} (embedded default, simulators), {@code test} (suites) or {@code prod}. */
public enum Profile {
  DEV, TEST, PROD;

  public static Profile parse(String value) {
    return switch (value == null ? "" : value.trim().toLowerCase()) {
      case "dev" -> DEV;
      case "test" -> TEST;
      case "prod" -> PROD;
      default -> throw new IllegalArgumentException("profile must be dev, test or prod, not '" + value + "'");
    };
  }

  /** Simulators, the dev outbox and demo data exist only outside production. */
  public boolean simulators() {
    return this != PROD;
  }

  public String label() {
    return name().toLowerCase();
  }
}
