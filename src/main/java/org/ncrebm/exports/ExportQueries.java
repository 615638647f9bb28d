package org.ncrebm.exports;

/** The exports' SQL, in one place; every statement is prepared and takes {@code $n} parameters. */
final class ExportQueries {
  /** A session's registrations, narrowed by province, center and status; one line per registration. */
  static final String REGISTRATIONS = """
    select r.id, r.province_code, c.code as center_code, c.name as center_name, r.status, r.name, r.gender, r.id_type,
      r.id_number_enc, r.id_masked, r.birth_date, r.ethnicity, r.education, r.occupation, r.phone, r.class_name,
      r.submitted_at, r.paid_at,
      coalesce((select string_agg(s.subject_code, ' ' order by s.subject_code) from registration_subject s
                where s.registration_id = r.id), '') as subjects,
      coalesce((select string_agg(t.ticket_number, ' ' order by t.subject_code) from ticket t
                where t.registration_id = r.id and t.voided_at is null), '') as tickets
    from registration r join test_center c on c.id = r.center_id
    where r.exam_session_id = $1 and ($2::text is null or r.province_code = $2)
      and ($3::bigint is null or r.center_id = $3) and ($4::text is null or r.status = $4)
    order by r.province_code, c.code, r.created_at, r.id""";

  /**
   * A center's photos, one per person (their newest live registration there: a person may have cancelled and
   * registered again), so that no two entries share an ID number.
   */
  static final String PHOTOS = """
    select r.id_number_enc, p.jpeg, p.uploaded_at
    from (select distinct on (id_digest) id, id_digest, id_number_enc from registration
          where center_id = $1 and status not in ('CANCELLED', 'EXPIRED') and ($2::text is null or status = $2)
          order by id_digest, created_at desc) r
    join registration_photo p on p.registration_id = r.id
    order by r.id_digest""";

  private static final String SEARCH_SELECT = """
    select r.id, r.exam_session_id, e.name as session_name, r.province_code, r.center_id, c.code as center_code,
      c.name as center_name, r.status, r.name, r.gender, r.id_masked,
      coalesce((select string_agg(t.ticket_number, ',' order by t.subject_code) from ticket t
                where t.registration_id = r.id and t.voided_at is null), '') as tickets,
      count(*) over () as total
    from registration r join test_center c on c.id = r.center_id join exam_session e on e.id = r.exam_session_id
    where ($1::text is null or r.province_code = $1) and ($2::bigint is null or r.exam_session_id = $2)
      and\s""";
  private static final String SEARCH_ORDER = " order by r.created_at desc, r.id limit $4 offset $5";

  /** Candidate search, one statement per kind of query so that each can use its index. */
  static final String SEARCH_NAME = SEARCH_SELECT + "r.name like '%' || $3 || '%' escape '\\'" + SEARCH_ORDER;
  static final String SEARCH_LAST4 = SEARCH_SELECT + "r.id_last4 = split_part($3, '|', 1) "
    + "and r.id_masked like split_part($3, '|', 2) || '%'" + SEARCH_ORDER;
  static final String SEARCH_TICKET = SEARCH_SELECT + """
    exists (select 1 from ticket t where t.registration_id = r.id and t.ticket_number = $3 and t.voided_at is null)"""
    + SEARCH_ORDER;
  static final String SEARCH_DIGEST = SEARCH_SELECT + "r.id_digest = $3" + SEARCH_ORDER;

  private ExportQueries() {
  }
}
