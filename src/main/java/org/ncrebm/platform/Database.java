package org.ncrebm.platform;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

import java.util.concurrent.TimeUnit;

/** The PostgreSQL pool (bounded, with a bounded wait queue) and the schema migrations. */
public final class Database {
  private Database() {
  }

  public static Pool pool(Vertx vertx, AppConfig config) {
    PgConnectOptions connect = PgConnectOptions.fromUri(config.pgUrl())
      .setCachePreparedStatements(true)
      .setPreparedStatementCacheMaxSize(512)
      .setPipeliningLimit(256);
    connect.addProperty("application_name", "ncre-bm");
    PoolOptions options = new PoolOptions()
      .setName("ncre-pg")
      .setShared(true)
      .setMaxSize(config.pgPoolSize())
      .setMaxWaitQueueSize(config.pgMaxWaitQueue())
      .setConnectionTimeout(5)
      .setConnectionTimeoutUnit(TimeUnit.SECONDS)
      .setIdleTimeout(5)
      .setIdleTimeoutUnit(TimeUnit.MINUTES)
      .setEventLoopSize(Math.max(1, config.httpInstances()));
    return PgBuilder.pool().with(options).connectingTo(connect).using(vertx).build();
  }

  /** Runs the Flyway migrations over JDBC. Blocking: call from a worker. */
  public static int migrate(String pgUrl) {
    PgConnectOptions o = PgConnectOptions.fromUri(pgUrl);
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase()
      + "?ApplicationName=ncre-bm-migrations";
    Flyway flyway = Flyway.configure()
      .dataSource(jdbc, o.getUser(), o.getPassword())
      .locations("classpath:db/migration")
      .connectRetries(10)
      .load();
    return flyway.migrate().migrationsExecuted;
  }
}
