package org.ncrebm.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many registrations at once, straight into Postgres with {@code generate_series}, for exports of realistic size:
 * accounts, PAID registrations (with Chinese names, a profile, subject 24 confirmed) at one center. ID numbers are
 * real ciphertexts of the service's own vault (a handful of numbers, reused), so an export decrypts every row.
 */
public final class SeededRegistrations {
  private static final AtomicInteger BATCH = new AtomicInteger();
  private static final String ACCOUNTS = """
    insert into account (email, mobile, password_hash)
    select 'seed' || $1 || '-' || g || '@example.com', '17' || lpad(($1::int * 1000000 + g)::text, 9, '0'), 'x'
    from generate_series(1, $2) g""";
  private static final String REGISTRATIONS = """
    insert into registration (account_id, exam_session_id, center_id, province_code, status, agreement_version,
      agreement_accepted_at, id_type, id_number_enc, id_digest, id_masked, id_last4, name, gender, birth_date,
      ethnicity, education, occupation, phone, address, postal_code, class_name, submitted_at, paid_at)
    select a.id, $3, $4, $5, 'PAID', 'v1', now(), 'RESIDENT_ID', ($6::bytea[])[1 + g % cardinality($6::bytea[])],
      'seed-' || $1 || '-' || g, '110***********' || lpad((g % 10000)::text, 4, '0'), lpad((g % 10000)::text, 4, '0'),
      '考生' || g, case when g % 2 = 0 then 'F' else 'M' end, date '2004-03-15', '汉族', 'BACHELOR', 'STUDENT',
      '13800138000', '北京市海淀区学院路 ' || g || ' 号', '100083', '计科 ' || (g % 40), now(), now()
    from generate_series(1, $2) g join account a on lower(a.email) = 'seed' || $1 || '-' || g || '@example.com'""";
  private static final String SUBJECTS = """
    insert into registration_subject (registration_id, exam_session_id, center_id, subject_code, id_digest, state)
    select id, exam_session_id, center_id, '24', id_digest, 'CONFIRMED' from registration
    where id_digest like 'seed-' || $1 || '-%'""";

  private SeededRegistrations() {
  }

  /** Inserts {@code n} PAID registrations at the center; answers the ID numbers their ciphertexts hold. */
  public static List<String> seed(TestApp app, long sessionId, long centerId, String province, int n) {
    String batch = Integer.toString(BATCH.incrementAndGet());
    var vault = app.main().services().registrations().vault();
    List<String> ids = new ArrayList<>();
    List<Buffer> sealed = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String id = TestIds.resident();
      ids.add(id);
      sealed.add(Buffer.buffer(vault.encrypt(id)));
    }
    TestApp.await(app.db().preparedQuery(ACCOUNTS).execute(Tuple.of(batch, n)));
    TestApp.await(app.db().preparedQuery(REGISTRATIONS).execute(Tuple.of(batch, n, sessionId, centerId, province,
      sealed.toArray(new Buffer[0]))));
    TestApp.await(app.db().preparedQuery(SUBJECTS).execute(Tuple.of(batch)));
    return ids;
  }
}
