package org.ncrebm.registration;

import org.ncrebm.platform.ConfigReader;

import java.time.Duration;

/**
 * The registration rules the operator sets: the agreement version candidates accept, and how long seats are held —
 * while a draft is being filled ({@code seats.draft-hold-minutes}), after becoming payable
 * ({@code seats.payment-minutes}), after a center approved, the candidate perhaps offline
 * ({@code seats.pay-after-approval-hours}), the grace to correct and resubmit after a rejection
 * ({@code review.resubmit-grace-hours}), and how long a seat offered from a waiting list waits for its candidate
 * ({@code waitlist.offer-hours}). Never past the province's payment deadline (see {@link HoldDeadlines}).
 */
public record RegistrationPolicy(String agreementVersion, Duration draftHold, Duration paymentWindow,
                                 Duration payAfterApproval, Duration resubmitGrace, Duration waitlistOffer) {
  public static RegistrationPolicy read(ConfigReader r) {
    return new RegistrationPolicy(r.str("registration.agreement-version"),
      Duration.ofMinutes(r.integer("seats.draft-hold-minutes", 1, 24 * 60)),
      Duration.ofMinutes(r.integer("seats.payment-minutes", 1, 7 * 24 * 60)),
      Duration.ofHours(r.integer("seats.pay-after-approval-hours", 1, 30 * 24)),
      Duration.ofHours(r.integer("review.resubmit-grace-hours", 1, 30 * 24)),
      Duration.ofHours(r.integer("waitlist.offer-hours", 1, 7 * 24)));
  }
}
