package org.ncrebm.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads the append-only audit log; there is deliberately no way to change it from the service. */
public final class AuditRepository {
  private static final String SEARCH = """
    select id, at, actor_kind, actor_id, actor_role, action, target_type, target_id, before, after, request_id, ip,
      province_code
    from audit_log
    where ($1::text is null or province_code = $1)
      and ($2::text is null or action like $2 || '%')
      and ($3::text is null or target_type = $3)
      and ($4::text is null or target_id = $4)
      and ($5::text is null or actor_id = $5)
      and ($6::timestamptz is null or at >= $6)
      and ($7::timestamptz is null or at < $7)
    order by id desc limit $8 offset $9""";

  /** One audit entry. */
  public record Entry(long id, OffsetDateTime at, String actorKind, String actorId, String actorRole, String action,
                      String targetType, String targetId, JsonObject before, JsonObject after, String requestId,
                      String ip, String provinceCode) {
  }

  /** Filters; null means any. */
  public record Filter(String provinceCode, String actionPrefix, String targetType, String targetId, String actorId,
                       OffsetDateTime from, OffsetDateTime to) {
  }

  private final Pool pool;

  public AuditRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Entry>> search(Filter f, int limit, int offset) {
    return pool.preparedQuery(SEARCH).execute(Tuple.from(new Object[]{f.provinceCode(), f.actionPrefix(),
      f.targetType(), f.targetId(), f.actorId(), f.from(), f.to(), limit, offset})).map(rows -> {
        List<Entry> out = new ArrayList<>();
        rows.forEach(r -> out.add(new Entry(r.getLong("id"), r.getOffsetDateTime("at"), r.getString("actor_kind"),
          r.getString("actor_id"), r.getString("actor_role"), r.getString("action"), r.getString("target_type"),
          r.getString("target_id"), (JsonObject) r.getValue("before"), (JsonObject) r.getValue("after"),
          r.getString("request_id"), r.getString("ip"), r.getString("province_code"))));
        return out;
      });
  }
}
