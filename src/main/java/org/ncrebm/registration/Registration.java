package org.ncrebm.registration;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A candidate's registration for one exam session at one test center, with its profile and seats. */
public record Registration(
  UUID id,
  String accountId,
  long examSessionId,
  long centerId,
  String provinceCode,
  Status status,
  String agreementVersion,
  Instant agreementAcceptedAt,
  IdDocument.Type idType,
  byte[] idNumberEncrypted,
  String idDigest,
  String idMasked,
  Profile profile,
  boolean photoPresent,
  List<Seat> seats,
  String reviewReason,
  Instant submittedAt,
  Instant holdExpiresAt,
  Instant createdAt) {

  public enum Status {
    DRAFT, PENDING_REVIEW, REJECTED, PAYABLE, PAID, CANCELLED, EXPIRED;

    public boolean ended() {
      return this == CANCELLED || this == EXPIRED;
    }

    /** Profile and photo are editable in DRAFT and REJECTED only (api.md). */
    public boolean editable() {
      return this == DRAFT || this == REJECTED;
    }
  }

  /** The registration information form; every field may be empty while a draft is being filled. */
  public record Profile(String name, String gender, LocalDate birthDate, String ethnicity, String education,
                        String occupation, String phone, String address, String postalCode, String className) {
    public static Profile empty() {
      return new Profile(null, null, null, null, null, null, null, null, null, null);
    }

    public boolean complete(boolean classRequired) {
      return name != null && gender != null && birthDate != null && ethnicity != null && education != null
        && occupation != null && phone != null && address != null && postalCode != null
        && (!classRequired || className != null && !className.isBlank());
    }
  }

  /** A seat held or confirmed for one subject. */
  public record Seat(String subjectCode, String state) {
  }

  /**
   * This registration as a subject choice leaves it: {@code drop} given back, {@code add} held, seats in subject
   * order as the repository reads them, and the new hold deadline. Saves a read after the write on the hot path.
   */
  public Registration withSubjects(List<String> drop, List<String> add, Instant hold) {
    java.util.TreeMap<String, Seat> next = new java.util.TreeMap<>();
    for (Seat s : seats) if (!drop.contains(s.subjectCode())) next.put(s.subjectCode(), s);
    for (String code : add) next.put(code, new Seat(code, "HELD"));
    return new Registration(id, accountId, examSessionId, centerId, provinceCode, status, agreementVersion,
      agreementAcceptedAt, idType, idNumberEncrypted, idDigest, idMasked, profile, photoPresent,
      List.copyOf(next.values()), reviewReason, submittedAt, hold, createdAt);
  }

  public List<String> subjectCodes() {
    return seats.stream().map(Seat::subjectCode).toList();
  }
}
