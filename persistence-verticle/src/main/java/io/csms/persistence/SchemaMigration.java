package io.csms.persistence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the database schema up to date with Flyway (blocking JDBC, so off the event loop). */
final class SchemaMigration {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigration.class);

  private SchemaMigration() {
  }

  static Future<Integer> migrate(Vertx vertx, DatabaseUrl url) {
    return vertx.executeBlocking(() -> {
      Flyway flyway = Flyway.configure(SchemaMigration.class.getClassLoader())
          .dataSource(url.jdbcUrl(), url.user(), url.password())
          .locations("classpath:db/migration")
          .load();
      int applied = flyway.migrate().migrationsExecuted;
      LOG.info("Database {} migrated ({} migrations applied)", url, applied);
      return applied;
    });
  }
}
