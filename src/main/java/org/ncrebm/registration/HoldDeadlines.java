package org.ncrebm.registration;

import org.ncrebm.catalog.Catalog.Window;

import java.time.Instant;

/**
 * How long a registration's seats stay held, by what just happened (features V3 and S2). Each deadline is capped by
 * the province's payment deadline; past it the expiry job gives the seats back.
 */
public final class HoldDeadlines {
  private final RegistrationPolicy policy;

  public HoldDeadlines(RegistrationPolicy policy) {
    this.policy = policy;
  }

  /** Subjects chosen on a draft: a short hold while the candidate finishes and submits. */
  public Instant draft(Instant now, Window w) {
    return cap(now.plus(policy.draftHold()), w);
  }

  /** Submitted where nobody reviews: the payment window starts. */
  public Instant payable(Instant now, Window w) {
    return cap(now.plus(policy.paymentWindow()), w);
  }

  /** Approved by the center: the candidate may be offline, so a longer time to pay. */
  public Instant approved(Instant now, Window w) {
    return cap(now.plus(policy.payAfterApproval()), w);
  }

  /** Waiting for the center's review: held throughout, up to the payment deadline. */
  public Instant inReview(Window w) {
    return w.payDeadline();
  }

  /** Rejected: the grace period to correct and resubmit. */
  public Instant rejected(Instant now, Window w) {
    return cap(now.plus(policy.resubmitGrace()), w);
  }

  private static Instant cap(Instant deadline, Window w) {
    return deadline.isAfter(w.payDeadline()) ? w.payDeadline() : deadline;
  }
}
