package org.ncrebm.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** A candidate's registration journey through the real API, step by step. */
public final class Journey {
  private final TestApp app;

  public Journey(TestApp app) {
    this.app = app;
  }

  public ApiResponse start(String token, long sid, long centerId, String idNumber) {
    return app.post("/api/v1/registrations", new JsonObject().put("examSessionId", sid).put("centerId", centerId)
      .put("agreementAccepted", true).put("idType", "RESIDENT_ID").put("idNumber", idNumber), token);
  }

  public String startOk(String token, long sid, long centerId, String idNumber) {
    ApiResponse r = start(token, sid, centerId, idNumber);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getString("id");
  }

  /** A complete, valid form for someone born 2004-03-15, male (matching {@link TestIds#resident()}). */
  public static JsonObject profile() {
    return new JsonObject().put("name", "张三").put("gender", "M").put("birthDate", LocalDate.of(2004, 3, 15).toString())
      .put("ethnicity", "汉族").put("education", "BACHELOR").put("occupation", "STUDENT").put("phone", "13800138000")
      .put("address", "北京市海淀区学院路 1 号").put("postalCode", "100083").put("className", "计科 2201");
  }

  public ApiResponse profile(String token, String id, JsonObject profile) {
    return app.put("/api/v1/registrations/" + id + "/profile", profile, token);
  }

  public ApiResponse photo(String token, String id, byte[] bytes, String contentType) {
    return new ApiResponse(TestApp.await(app.client().put("/api/v1/registrations/" + id + "/photo")
      .bearerTokenAuthentication(token).putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(bytes))));
  }

  public ApiResponse subjects(String token, String id, String... codes) {
    return app.put("/api/v1/registrations/" + id + "/subjects", new JsonObject().put("subjects", new JsonArray(
      java.util.List.of((Object[]) codes))), token);
  }

  public ApiResponse submit(String token, String id) {
    return app.post("/api/v1/registrations/" + id + "/submission", new JsonObject(), token);
  }

  /** Start, form, photo, subjects: a draft ready to submit. */
  public String ready(String token, long sid, long centerId, String... subjects) {
    String id = startOk(token, sid, centerId, TestIds.resident());
    ApiResponse p = profile(token, id, profile());
    assertThat(p.status()).as(p.toString()).isEqualTo(200);
    ApiResponse ph = photo(token, id, TestPhotos.good(), "image/jpeg");
    assertThat(ph.status()).as(ph.toString()).isEqualTo(200);
    ApiResponse s = subjects(token, id, subjects);
    assertThat(s.status()).as(s.toString()).isEqualTo(200);
    return id;
  }
}
