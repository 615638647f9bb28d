package org.ncrebm.payment.sim;

/** Why the simulated gateway refused an operation; each protocol's routes word it their gateway's way. */
final class SimException extends RuntimeException {
  enum Problem {
    /** No such trade. */
    NOT_FOUND,
    /** The trade is paid (cannot be closed or paid again, or re-created). */
    PAID,
    /** The trade is closed (cannot be paid or re-created). */
    CLOSED,
    /** Refunds and re-sent notifies need a paid trade. */
    NOT_PAID,
    /** The same merchant order number with another amount. */
    MISMATCH,
    /** The refund would exceed what is left of the payment. */
    EXCEEDS
  }

  private final Problem problem;

  SimException(Problem problem) {
    super(problem.name(), null, false, false);
    this.problem = problem;
  }

  Problem problem() {
    return problem;
  }
}
