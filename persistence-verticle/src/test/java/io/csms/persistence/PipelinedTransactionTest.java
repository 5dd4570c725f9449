package io.csms.persistence;

import static io.csms.persistence.PersistenceBus.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BEGIN sent with the first statement: the work still runs as one transaction, all or nothing. */
class PipelinedTransactionTest extends DeployedPersistence {
  static Pool pool;

  @BeforeAll
  static void connect() {
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(DatabaseUrl.parse(bus.db().url()).connectOptions()).using(vertx).build();
    bus.execute("CREATE TABLE IF NOT EXISTS pipelined_probe (name TEXT PRIMARY KEY)");
  }

  @AfterAll
  static void disconnect() {
    await(pool.close());
  }

  @Test
  void theStatementsRunInOneTransactionAndAreCommitted() {
    // The transaction id is the same in both statements only if they ran inside one transaction.
    Tuple ids = await(PipelinedTransaction.run(pool, conn -> conn.query("SELECT pg_current_xact_id()::text").execute()
        .compose(first -> conn.query("INSERT INTO pipelined_probe VALUES ('committed') RETURNING pg_current_xact_id()::text")
            .execute().map(second -> Tuple.of(first.iterator().next().getString(0),
                second.iterator().next().getString(0))))));
    assertEquals(ids.getString(0), ids.getString(1));
    assertEquals(1L, bus.count("SELECT count(*) FROM pipelined_probe WHERE name = 'committed'"));
  }

  @Test
  void aFailingStatementRollsBackWhatWasWrittenBeforeIt() {
    Throwable failure = assertThrows(AssertionError.class, () -> await(PipelinedTransaction.run(pool,
        conn -> conn.query("INSERT INTO pipelined_probe VALUES ('rolled back')").execute()
            .compose(inserted -> conn.query("SELECT 1 / 0").execute())))).getCause();
    assertTrue(failure.getMessage().contains("division by zero"), failure.getMessage());
    assertEquals(0L, bus.count("SELECT count(*) FROM pipelined_probe WHERE name = 'rolled back'"));
  }

  @Test
  void statementsTheWorkSendsTogetherStillRunInOrderAndAllOrNothing() {
    // The stores send a statement behind another without waiting for its answer (one round trip for both).
    Tuple ids = await(PipelinedTransaction.run(pool, conn -> {
      Future<String> first = conn.query("INSERT INTO pipelined_probe VALUES ('together') RETURNING pg_current_xact_id()::text")
          .execute().map(rows -> rows.iterator().next().getString(0));
      Future<Long> second = conn.query("SELECT count(*) FROM pipelined_probe WHERE name = 'together'").execute()
          .map(rows -> rows.iterator().next().getLong(0));
      return first.compose(xact -> second.map(seen -> Tuple.of(xact, seen)));
    }));
    assertEquals(1L, ids.getLong(1), "the second statement ran after the first and saw its row");
    assertEquals(1L, bus.count("SELECT count(*) FROM pipelined_probe WHERE name = 'together'"));

    // When the first fails, the one behind it fails too; the first failure is the one reported, nothing stays.
    Throwable failure = assertThrows(AssertionError.class, () -> await(PipelinedTransaction.run(pool, conn -> {
      Future<Object> failing = conn.query("SELECT 1 / 0").execute().map(rows -> null);
      Future<Object> behind = conn.query("INSERT INTO pipelined_probe VALUES ('behind a failure')").execute()
          .map(rows -> null);
      return failing.compose(v -> behind);
    }))).getCause();
    assertTrue(failure.getMessage().contains("division by zero"), failure.getMessage());
    assertEquals(0L, bus.count("SELECT count(*) FROM pipelined_probe WHERE name = 'behind a failure'"));
  }

  @Test
  void aRefusalByTheWorkRollsBackAndTheConnectionServesTheNextTransaction() {
    RequestRefused refused = RequestRefused.conflict("not now");
    Throwable failure = assertThrows(AssertionError.class, () -> await(PipelinedTransaction.run(pool,
        conn -> conn.query("INSERT INTO pipelined_probe VALUES ('refused')").execute()
            .compose(inserted -> Future.failedFuture(refused))))).getCause();
    assertEquals(refused, failure, "the work's own failure");
    assertEquals(0L, bus.count("SELECT count(*) FROM pipelined_probe WHERE name = 'refused'"));
    // The pool's only connection came back out of the transaction.
    assertEquals(1, (int) await(PipelinedTransaction.run(pool, conn -> conn.query("SELECT 1").execute()
        .map(rows -> rows.iterator().next().getInteger(0)))));
  }
}
