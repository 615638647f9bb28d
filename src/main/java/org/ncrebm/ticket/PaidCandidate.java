package org.ncrebm.ticket;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A paid candidate of one subject waiting for a seat, as the arrangement job reads them.
 *
 * <p>The planner takes them in {@link #ORDER}: earliest payment first, ties broken by registration id compared as
 * text. For {@code uuid} ids that is PostgreSQL's own order, so the job reads them with
 * {@code order by paid_at, registration_id}; the order makes a plan reproducible, so the planner refuses any other.
 */
public record PaidCandidate(String registrationId, Instant paidAt) {
  public static final Comparator<PaidCandidate> ORDER =
    Comparator.comparing(PaidCandidate::paidAt).thenComparing(PaidCandidate::registrationId);

  public PaidCandidate {
    Objects.requireNonNull(registrationId, "registrationId");
    Objects.requireNonNull(paidAt, "paidAt");
  }
}
