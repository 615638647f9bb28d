package org.ncrebm.registration;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.platform.Times;

/** The registration as the API shows it: to its owner with the full ID number, to staff masked. */
public final class RegistrationJson {
  private RegistrationJson() {
  }

  public static JsonObject of(Registration r, ExamSession session, String idNumberOrNull) {
    Registration.Profile p = r.profile();
    JsonObject profile = new JsonObject().put("name", p.name()).put("gender", p.gender())
      .put("birthDate", p.birthDate() == null ? null : p.birthDate().toString()).put("ethnicity", p.ethnicity())
      .put("education", p.education()).put("occupation", p.occupation()).put("phone", p.phone())
      .put("address", p.address()).put("postalCode", p.postalCode()).put("className", p.className());
    JsonArray subjects = new JsonArray();
    for (Registration.Seat s : r.seats()) {
      var subject = session == null ? null : session.subject(s.subjectCode());
      subjects.add(new JsonObject().put("code", s.subjectCode()).put("name", subject == null ? null : subject.name())
        .put("feeFen", subject == null ? null : subject.feeFen()).put("state", s.state())
        .put("holdExpiresAt", "HELD".equals(s.state()) ? Times.iso(r.holdExpiresAt()) : null));
    }
    JsonObject json = new JsonObject()
      .put("id", r.id().toString())
      .put("status", r.status().name())
      .put("examSessionId", r.examSessionId())
      .put("centerId", r.centerId())
      .put("provinceCode", r.provinceCode())
      .put("agreement", new JsonObject().put("version", r.agreementVersion())
        .put("acceptedAt", Times.iso(r.agreementAcceptedAt())))
      .put("idType", r.idType().name())
      .put("idNumberMasked", r.idMasked())
      .put("profile", profile)
      .put("photo", new JsonObject().put("present", r.photoPresent()))
      .put("subjects", subjects)
      .put("holdExpiresAt", Times.iso(r.holdExpiresAt()))
      .put("reviewReason", r.reviewReason())
      .put("orders", new JsonArray())
      .put("amountFen", session == null ? 0 : RegistrationService.amountFen(r, session))
      .put("submittedAt", Times.iso(r.submittedAt()))
      .put("createdAt", Times.iso(r.createdAt()));
    if (idNumberOrNull != null) {
      json.put("idNumber", idNumberOrNull);
    }
    return json;
  }
}
