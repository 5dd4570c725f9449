package io.csms.persistence;

import static io.csms.persistence.PersistenceBus.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.bus.BusFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Works of different requests share a commit when they arrive while earlier ones are being committed, or inside
 * the gathering window when there is one; one that fails fails alone; one that waited too long is refused with
 * BUSY and never runs.
 */
class GroupCommitTest extends DeployedPersistence {
  static Pool pool;

  @BeforeAll
  static void connect() {
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(GroupCommit.IN_FLIGHT))
        .connectingTo(DatabaseUrl.parse(bus.db().url()).connectOptions()).using(vertx).build();
    bus.execute("CREATE TABLE IF NOT EXISTS group_commit_probe (name TEXT PRIMARY KEY, amount NUMERIC NOT NULL)");
  }

  @AfterAll
  static void disconnect() {
    await(pool.close());
  }

  @BeforeEach
  void empty() {
    bus.execute("TRUNCATE group_commit_probe");
  }

  @Test
  void worksQueuedBehindTheBatchesInFlightShareOneCommitAndEachGetsItsOwnResult() {
    GroupCommit groupCommit = new GroupCommit(vertx, pool, Duration.ZERO, Duration.ofSeconds(8));
    // Twenty requests in one turn of the event loop: the first two go at once, each in a transaction of its
    // own; the other eighteen wait for them and are committed together.
    List<Future<String>> answers = twentyInsertsInOneTurn(groupCommit);
    await(Future.all(answers));
    assertEquals(20L, bus.count("SELECT count(*) FROM group_commit_probe"));
    assertEquals(3, new HashSet<>(answers.stream().map(Future::result).toList()).size(),
        "transactions: " + answers.stream().map(Future::result).toList());
    assertEquals(answers.get(2).result(), answers.get(19).result());
  }

  @Test
  void withAGatheringWindowTheWorksThatArriveInItShareOneCommitFromTheFirst() {
    GroupCommit groupCommit = new GroupCommit(vertx, pool, Duration.ofMillis(100), Duration.ofSeconds(8));
    // The same twenty requests: none goes alone, the window holds the first until the others have joined it.
    List<Future<String>> answers = twentyInsertsInOneTurn(groupCommit);
    await(Future.all(answers));
    assertEquals(20L, bus.count("SELECT count(*) FROM group_commit_probe"));
    assertEquals(1, new HashSet<>(answers.stream().map(Future::result).toList()).size(),
        "transactions: " + answers.stream().map(Future::result).toList());
  }

  @Test
  void finishCommitsWhatIsGatheringAndCompletesOnlyOnceItIsCommitted() {
    GroupCommit groupCommit = new GroupCommit(vertx, pool, Duration.ofMinutes(10), Duration.ofSeconds(8));
    // A window far longer than the test: only finish() can get these committed.
    List<Future<String>> answers = onContext(() -> List.of(groupCommit.run(insert("first", "1")),
        groupCommit.run(insert("second", "2"))));
    Future<Void> finished = onContext(groupCommit::finish);
    await(finished);
    assertTrue(answers.get(0).succeeded() && answers.get(1).succeeded(), "answered by the time finish() completed");
    assertEquals("first,second", bus.value("SELECT string_agg(name, ',' ORDER BY name) FROM group_commit_probe"));
  }

  @Test
  void aWorkThatFailsInASharedBatchFailsAloneAndTheOthersAreStored() {
    GroupCommit groupCommit = new GroupCommit(vertx, pool, Duration.ZERO, Duration.ofSeconds(8));
    List<Future<String>> answers = onContext(() -> {
      List<Future<String>> all = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        // The sixth is not a number: the database refuses it, and with it the whole shared transaction.
        all.add(groupCommit.run(insert("probe-" + i, i == 5 ? "five" : Integer.toString(i))));
      }
      return all;
    });
    await(Future.join(answers).otherwiseEmpty());
    for (int i = 0; i < 10; i++) {
      assertEquals(i != 5, answers.get(i).succeeded(), "request " + i);
    }
    assertTrue(answers.get(5).cause().getMessage().contains("invalid input syntax for type numeric"),
        answers.get(5).cause().getMessage());
    assertEquals(9L, bus.count("SELECT count(*) FROM group_commit_probe"));
    assertEquals(0L, bus.count("SELECT count(*) FROM group_commit_probe WHERE name = 'probe-5'"));
  }

  @Test
  void aWorkThatWaitedLongerThanMaxWaitForItsTurnIsRefusedBusyAndNeverRuns() throws SQLException {
    GroupCommit groupCommit = new GroupCommit(vertx, pool, Duration.ZERO, Duration.ofSeconds(1));
    List<Future<String>> answers;
    try (Connection lock = bus.db().connect()) {
      lock.setAutoCommit(false);
      try (Statement st = lock.createStatement()) {
        st.execute("LOCK TABLE group_commit_probe IN EXCLUSIVE MODE");
      }
      // The first two take both batches in flight and wait for the lock; the third waits for its turn.
      answers = onContext(() -> List.of(groupCommit.run(insert("first", "1")), groupCommit.run(insert("second", "2")),
          groupCommit.run(insert("third", "3"))));
      // What is under test is a time limit: let it pass (1 s) before the batches ahead can finish.
      await(vertx.timer(1_200));
      lock.commit();
    }
    await(Future.join(answers).otherwiseEmpty());
    assertTrue(answers.get(0).succeeded() && answers.get(1).succeeded());
    RequestRefused refused = (RequestRefused) answers.get(2).cause();
    assertEquals(BusFailure.BUSY, refused.code());
    assertEquals("the database is busy: the request waited longer than 1 s for its turn; nothing was written",
        refused.getMessage());
    assertEquals("first,second", bus.value("SELECT string_agg(name, ',' ORDER BY name) FROM group_commit_probe"));
  }

  /** Twenty requests made in one turn of the event loop, probe-0 to probe-19. */
  private static List<Future<String>> twentyInsertsInOneTurn(GroupCommit groupCommit) {
    return onContext(() -> {
      List<Future<String>> all = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        all.add(groupCommit.run(insert("probe-" + i, Integer.toString(i))));
      }
      return all;
    });
  }

  /** Inserts a row; answers the id of the transaction it ran in. */
  private static Function<SqlConnection, Future<String>> insert(String name, String amount) {
    return conn -> conn.preparedQuery("INSERT INTO group_commit_probe VALUES ($1, $2::text::numeric) "
        + "RETURNING pg_current_xact_id()::text").execute(Tuple.of(name, amount))
        .map(rows -> rows.iterator().next().getString(0));
  }

  /** GroupCommit belongs to one event loop: the requests are made on a context, as the verticle makes them. */
  private static <T> T onContext(Supplier<T> requests) {
    Promise<T> made = Promise.promise();
    vertx.runOnContext(v -> made.complete(requests.get()));
    return await(made.future());
  }
}
