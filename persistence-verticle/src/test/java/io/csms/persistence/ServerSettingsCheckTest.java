package io.csms.persistence;

import static io.csms.persistence.PersistenceBus.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The start-up warning about the server's settings. Autovacuum is a server-wide setting no test can change, so
 * the test holds the warning to whatever the test server runs with (the machines' own server has it off, a
 * container or the embedded server on).
 */
class ServerSettingsCheckTest extends DeployedPersistence {

  @Test
  void autovacuumOffIsWarnedAboutExactlyWhenTheServerRunsWithIt() {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(DatabaseUrl.parse(bus.db().url()).connectOptions()).using(vertx).build();
    try {
      boolean off = "off".equals(bus.value("SELECT current_setting('autovacuum')"));
      assertEquals(off ? List.of(ServerSettingsCheck.AUTOVACUUM_OFF) : List.of(),
          await(ServerSettingsCheck.warnings(pool)));
    } finally {
      await(pool.close());
    }
  }

  @Test
  void aServerThatCannotBeAskedGivesNoWarningAndNoFailure() {
    Pool unreachable = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(1).setUser("nobody")).using(vertx).build();
    try {
      assertEquals(List.of(), await(ServerSettingsCheck.warnings(unreachable)));
    } finally {
      await(unreachable.close());
    }
  }
}
