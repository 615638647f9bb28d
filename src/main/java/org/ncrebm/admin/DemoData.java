package org.ncrebm.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.catalog.Catalog.CenterInput;
import org.ncrebm.catalog.Catalog.Subject;
import org.ncrebm.catalog.Catalog.Window;
import org.ncrebm.catalog.CatalogRepository;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.auth.PasswordHasher;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The dev profile's demo, loaded once: the NCRE catalogue as exam session 2026年9月, windows open now in all 31
 * provinces, 248 test centers with capacities (some reviewing, some requiring a class), and one staff account per
 * role, so a newcomer can log in as staff and as a candidate right away.
 */
public final class DemoData {
  public static final String SESSION_NAME = "2026年9月";
  public static final String PROVINCE_ADMIN = "prov11";
  public static final String CENTER_STAFF = "center110001";
  static final List<Subject> SUBJECTS = List.of(
    new Subject("14", "一级计算机基础及MS Office应用", 1, 8000),
    new Subject("15", "一级计算机基础及WPS Office应用", 1, 8000),
    new Subject("24", "二级C语言程序设计", 2, 9000),
    new Subject("28", "二级Java语言程序设计", 2, 9000),
    new Subject("61", "二级C++语言程序设计", 2, 9000),
    new Subject("63", "二级MySQL数据库程序设计", 2, 9000),
    new Subject("65", "二级MS Office高级应用与设计", 2, 9000),
    new Subject("66", "二级Python语言程序设计", 2, 9000),
    new Subject("35", "三级网络技术", 3, 9500),
    new Subject("36", "三级数据库技术", 3, 9500),
    new Subject("38", "三级信息安全技术", 3, 9500),
    new Subject("41", "四级网络工程师", 4, 10000),
    new Subject("42", "四级数据库工程师", 4, 10000),
    new Subject("44", "四级信息安全工程师", 4, 10000));
  private static final String[] PLACES = {"职业技术学院", "信息工程学校", "大学", "师范学院", "开放大学", "科技学院",
    "第一中学", "计算机培训中心"};

  private DemoData() {
  }

  /** Loads the demo unless the session already exists; true when it was loaded now. */
  public static Future<Boolean> loadOnce(Pool pool, CatalogRepository catalog, PasswordHasher hasher, Instant now,
                                         String provincePassword, String centerPassword) {
    return pool.preparedQuery("select 1 from exam_session where name = $1").execute(Tuple.of(SESSION_NAME))
      .compose(rows -> rows.size() > 0 ? Future.succeededFuture(false)
        : Future.all(hasher.hash(provincePassword), hasher.hash(centerPassword))
          .compose(hashes -> pool.withTransaction(tx -> load(tx, catalog, now, hashes.resultAt(0), hashes.resultAt(1))))
          .map(true));
  }

  private static Future<Void> load(SqlConnection tx, CatalogRepository catalog, Instant now, String provinceHash,
                                   String centerHash) {
    Actor actor = Actor.system("demo-data");
    return tx.query("select code, name from province order by sort_order").execute().compose(provinces ->
      catalog.insertSession(tx, SESSION_NAME, "September 2026", SUBJECTS).compose(sid -> {
        Instant opens = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        Instant closes = opens.plus(Duration.ofDays(14));
        Instant pay = closes.plus(Duration.ofDays(2));
        Instant printFrom = pay.plus(Duration.ofDays(14));
        Future<Void> chain = Future.succeededFuture();
        Random random = new Random(2026);
        for (var p : provinces) {
          String code = p.getString("code");
          String shortName = p.getString("name").replaceAll("(省|市|自治区|壮族|回族|维吾尔)", "");
          Window w = new Window(sid, code, opens, closes, pay, printFrom, printFrom.plus(Duration.ofDays(10)));
          List<CenterInput> centers = new ArrayList<>();
          for (int i = 1; i <= PLACES.length; i++) {
            centers.add(center(code, shortName, i, random));
          }
          chain = chain.compose(v -> catalog.upsertWindow(tx, w)).compose(v -> insertAll(tx, catalog, sid, centers));
        }
        return chain
          .compose(v -> tx.preparedQuery("""
              insert into staff_account (username, password_hash, role, province_code, display_name)
              values ($1, $2, 'PROVINCE_ADMIN', '11', '北京市考试院（演示）')""").execute(Tuple.of(PROVINCE_ADMIN, provinceHash)))
          .compose(v -> tx.preparedQuery("""
              insert into staff_account (username, password_hash, role, province_code, center_code, display_name)
              values ($1, $2, 'CENTER_STAFF', '11', '110001', '北京职业技术学院考点（演示）')""")
            .execute(Tuple.of(CENTER_STAFF, centerHash)))
          .compose(v -> AuditLog.record(tx, actor, "demo.load", "exam_session", Long.toString(sid), null,
            new JsonObject().put("centers", provinces.size() * PLACES.length)));
      }));
  }

  private static Future<Void> insertAll(SqlConnection tx, CatalogRepository catalog, long sid, List<CenterInput> centers) {
    Future<Void> chain = Future.succeededFuture();
    for (CenterInput c : centers) {
      chain = chain.compose(v -> catalog.insertCenter(tx, sid, c).mapEmpty());
    }
    return chain;
  }

  /** A deterministic center: every third reviews, every fourth requires a class, higher levels at half of them. */
  static CenterInput center(String province, String shortName, int n, Random random) {
    Map<String, Integer> caps = new LinkedHashMap<>();
    for (Subject s : SUBJECTS) {
      if (s.level() >= 3 && n % 2 == 0) continue;
      caps.put(s.code(), 30 + 10 * random.nextInt(20));
    }
    String code = province + String.format("%04d", n);
    return new CenterInput(province, code, shortName + PLACES[n - 1] + "考点",
      shortName + "市示范路" + (n * 17) + "号", n % 3 == 1, n % 4 == 0, n == 7 ? 2 : 3, null, caps);
  }
}
