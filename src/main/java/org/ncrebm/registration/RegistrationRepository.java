package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.registration.Registration.Profile;
import org.ncrebm.registration.Registration.Seat;
import org.ncrebm.registration.Registration.Status;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Registrations in PostgreSQL: one row per registration, its seats in registration_subject, its photo apart. */
public final class RegistrationRepository {
  static final String COLUMNS = """
    r.id, r.account_id, r.exam_session_id, r.center_id, r.province_code, r.status, r.agreement_version,
    r.agreement_accepted_at, r.id_type, r.id_number_enc, r.id_digest, r.id_masked, r.name, r.gender, r.birth_date,
    r.ethnicity, r.education, r.occupation, r.phone, r.address, r.postal_code, r.class_name, r.review_reason,
    r.submitted_at, r.hold_expires_at, r.created_at,
    exists(select 1 from registration_photo p where p.registration_id = r.id) as photo_present,
    coalesce((select json_agg(json_build_array(s.subject_code, s.state) order by s.subject_code)
              from registration_subject s where s.registration_id = r.id), '[]'::json) as seats""";
  private static final String INSERT = """
    insert into registration (account_id, exam_session_id, center_id, province_code, status, agreement_version,
      agreement_accepted_at, id_type, id_number_enc, id_digest, id_masked, id_last4)
    values ($1, $2, $3, $4, 'DRAFT', $5, $6, $7, $8, $9, $10, $11) returning id""";
  private static final String BY_ID = "select " + COLUMNS + " from registration r where r.id = $1";
  private static final String BY_ID_FOR_UPDATE = "select " + COLUMNS + " from registration r where r.id = $1 for update of r";
  private static final String BY_IDS_FOR_UPDATE = "select " + COLUMNS
    + " from registration r where r.id = any($1) order by r.id for update of r";
  private static final String OF_ACCOUNT = "select " + COLUMNS
    + " from registration r where r.account_id = $1 order by r.created_at desc limit 50";
  private static final String UPDATE_PROFILE = """
    update registration set name = $2, gender = $3, birth_date = $4, ethnicity = $5, education = $6, occupation = $7,
      phone = $8, address = $9, postal_code = $10, class_name = $11, profile_updated_at = now(), updated_at = now(),
      version = version + 1
    where id = $1""";
  private static final String SET_STATUS = """
    update registration set status = $2, hold_expires_at = $3, review_reason = $4,
      submitted_at = case when $2 = 'PENDING_REVIEW' or ($2 = 'PAYABLE' and submitted_at is null) then now() else submitted_at end,
      payable_at = case when $2 = 'PAYABLE' then now() else payable_at end,
      ended_at = case when $2 in ('CANCELLED', 'EXPIRED') then now() else ended_at end,
      updated_at = now(), version = version + 1
    where id = $1""";
  private static final String MARK_PAID = """
    update registration set status = 'PAID', paid_at = $2, hold_expires_at = null, ended_at = null, updated_at = now(),
      version = version + 1 where id = $1""";
  private static final String SET_HOLDS = """
    update registration r set hold_expires_at = u.hold_expires_at, updated_at = now()
    from unnest($1::uuid[], $2::timestamptz[]) as u(id, hold_expires_at) where r.id = u.id""";
  private static final String SET_CENTER = """
    update registration set center_id = $2, status = 'DRAFT', review_reason = null, hold_expires_at = $3,
      updated_at = now(), version = version + 1 where id = $1""";
  private static final String UPSERT_PHOTO = """
    insert into registration_photo (registration_id, jpeg, width, height, size_bytes) values ($1, $2, $3, $4, $5)
    on conflict (registration_id) do update set jpeg = excluded.jpeg, width = excluded.width, height = excluded.height,
      size_bytes = excluded.size_bytes, uploaded_at = now()""";
  private static final String PHOTO = "select jpeg from registration_photo where registration_id = $1";

  public Future<UUID> insert(SqlClient tx, String accountId, long sessionId, long centerId, String province,
                             String agreementVersion, Instant acceptedAt, IdDocument.Type type, byte[] encrypted,
                             String digest, String masked, String last4) {
    return tx.preparedQuery(INSERT).execute(Tuple.from(new Object[]{UUID.fromString(accountId), sessionId, centerId,
        province, agreementVersion, utc(acceptedAt), type.name(), io.vertx.core.buffer.Buffer.buffer(encrypted), digest,
        masked, last4}))
      .map(rows -> rows.iterator().next().getUUID("id"))
      .recover(err -> err instanceof PgException pg && "23505".equals(pg.getSqlState())
        ? Future.failedFuture(AppException.of(ErrorCode.ALREADY_REGISTERED))
        : Future.failedFuture(err));
  }

  /** The registration, or null. */
  public Future<Registration> find(SqlClient client, UUID id) {
    return client.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : fromRow(rows.iterator().next()));
  }

  /** The registration locked for the caller's transaction (two tabs, a reviewer and a job serialize here). */
  public Future<Registration> lock(SqlClient tx, UUID id) {
    return tx.preparedQuery(BY_ID_FOR_UPDATE).execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : fromRow(rows.iterator().next()));
  }

  /**
   * Several registrations locked for the caller's transaction in one statement, in id order (the order every batch
   * locks them in), by id; a missing one is absent.
   */
  public Future<java.util.Map<UUID, Registration>> lockAll(SqlClient tx, List<UUID> ids) {
    return tx.preparedQuery(BY_IDS_FOR_UPDATE).execute(Tuple.of((Object) ids.toArray(UUID[]::new))).map(rows -> {
      java.util.Map<UUID, Registration> out = new java.util.HashMap<>();
      rows.forEach(r -> {
        Registration reg = fromRow(r);
        out.put(reg.id(), reg);
      });
      return out;
    });
  }

  public Future<List<Registration>> ofAccount(SqlClient client, String accountId) {
    return client.preparedQuery(OF_ACCOUNT).execute(Tuple.of(UUID.fromString(accountId))).map(rows -> {
      List<Registration> out = new ArrayList<>();
      rows.forEach(r -> out.add(fromRow(r)));
      return out;
    });
  }

  public Future<Void> updateProfile(SqlClient tx, UUID id, Profile p) {
    return tx.preparedQuery(UPDATE_PROFILE).execute(Tuple.from(new Object[]{id, p.name(), p.gender(), p.birthDate(),
      p.ethnicity(), p.education(), p.occupation(), p.phone(), p.address(), p.postalCode(), p.className()})).mapEmpty();
  }

  public Future<Void> setStatus(SqlClient tx, UUID id, Status status, Instant holdExpiresAt, String reviewReason) {
    return tx.preparedQuery(SET_STATUS).execute(Tuple.of(id, status.name(), utc(holdExpiresAt), reviewReason)).mapEmpty();
  }

  /** Paid: the registration is confirmed and its hold deadline no longer applies. */
  public Future<Void> markPaid(SqlClient tx, UUID id, Instant paidAt) {
    return tx.preparedQuery(MARK_PAID).execute(Tuple.of(id, utc(paidAt))).mapEmpty();
  }

  public Future<Void> setHold(SqlClient tx, UUID id, Instant holdExpiresAt) {
    return setHolds(tx, List.of(id), java.util.Collections.singletonList(holdExpiresAt));
  }

  /** The hold deadlines of several registrations (null: none), in one statement. */
  public Future<Void> setHolds(SqlClient tx, List<UUID> ids, List<Instant> holdExpiresAt) {
    return tx.preparedQuery(SET_HOLDS).execute(Tuple.from(new Object[]{ids.toArray(UUID[]::new),
      holdExpiresAt.stream().map(RegistrationRepository::utc).toArray(OffsetDateTime[]::new)})).mapEmpty();
  }

  public Future<Void> moveToCenter(SqlClient tx, UUID id, long centerId, Instant holdExpiresAt) {
    return tx.preparedQuery(SET_CENTER).execute(Tuple.of(id, centerId, utc(holdExpiresAt))).mapEmpty();
  }

  public Future<Void> savePhoto(SqlClient tx, UUID id, byte[] jpeg, int width, int height) {
    return tx.preparedQuery(UPSERT_PHOTO).execute(Tuple.of(id, io.vertx.core.buffer.Buffer.buffer(jpeg), width, height,
      jpeg.length)).mapEmpty();
  }

  /** The stored JPEG, or null. */
  public Future<io.vertx.core.buffer.Buffer> photo(SqlClient client, UUID id) {
    return client.preparedQuery(PHOTO).execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer("jpeg"));
  }

  static OffsetDateTime utc(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  static Registration fromRow(Row r) {
    List<Seat> seats = new ArrayList<>();
    Object json = r.getValue("seats");
    JsonArray arr = json instanceof JsonArray a ? a : new JsonArray(String.valueOf(json));
    for (int i = 0; i < arr.size(); i++) {
      seats.add(new Seat(arr.getJsonArray(i).getString(0), arr.getJsonArray(i).getString(1)));
    }
    Profile profile = new Profile(r.getString("name"), r.getString("gender"), r.getLocalDate("birth_date"),
      r.getString("ethnicity"), r.getString("education"), r.getString("occupation"), r.getString("phone"),
      r.getString("address"), r.getString("postal_code"), r.getString("class_name"));
    return new Registration(r.getUUID("id"), r.getUUID("account_id").toString(), r.getLong("exam_session_id"),
      r.getLong("center_id"), r.getString("province_code"), Status.valueOf(r.getString("status")),
      r.getString("agreement_version"), instant(r.getOffsetDateTime("agreement_accepted_at")),
      IdDocument.Type.valueOf(r.getString("id_type")), r.getBuffer("id_number_enc").getBytes(), r.getString("id_digest"),
      r.getString("id_masked"), profile, r.getBoolean("photo_present"), List.copyOf(seats), r.getString("review_reason"),
      instant(r.getOffsetDateTime("submitted_at")), instant(r.getOffsetDateTime("hold_expires_at")),
      instant(r.getOffsetDateTime("created_at")));
  }
}
