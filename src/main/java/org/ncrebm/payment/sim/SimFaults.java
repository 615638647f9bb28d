package org.ncrebm.payment.sim;

/**
 * The faults applied to the notifies that follow (PUT /sim/{gateway}/faults): each notify sent {@code duplicate}
 * times at once (1 = once); {@code reorder}: each notify is held back until the next one, which then goes first (a
 * notify with no successor goes after {@link Simulator#REORDER_HOLD}); the next {@code dropNext} delivery attempts are
 * lost on the way (the retry schedule then delivers them); each notify's first attempt {@code delayMs} late.
 */
record SimFaults(int duplicate, boolean reorder, int dropNext, int delayMs) {
  static final SimFaults NONE = new SimFaults(1, false, 0, 0);
}
