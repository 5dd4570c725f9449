package io.csms.persistence;

import static io.csms.bus.PersistenceAddresses.CHARGER_BOOT;
import static io.csms.bus.PersistenceAddresses.CHARGER_HEARTBEAT;
import static io.csms.bus.PersistenceAddresses.CHARGER_LOOKUP;
import static io.csms.bus.PersistenceAddresses.METER_VALUES;
import static io.csms.persistence.PersistenceBus.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.csms.bus.BusFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code database.maxWaitSeconds}: a request that cannot reach the database in time is refused with BUSY and
 * nothing of it is written later, when its caller has long given up. An open transaction of the test's own holds
 * a table lock, so that the node's statements queue behind it.
 */
@ExtendWith(VertxExtension.class)
class DatabaseBusyTest {
  private static final JsonObject ONE_CONNECTION_ONE_SECOND = new JsonObject().put("database",
      new JsonObject().put("poolSize", 1).put("maxWaitSeconds", 1));
  // Without the gathering window the first two reports go at once, each in a statement of its own, and the
  // third queues behind them; the window itself is BatchQueueTest's.
  private static final JsonObject ONE_SECOND_NO_WINDOW = ONE_CONNECTION_ONE_SECOND.copy()
      .put("persistence", new JsonObject().put("meterValuesWindowMillis", 0));

  @Test
  void aRequestWithNoConnectionInTimeIsRefusedBusyAndNeverWritten(Vertx vertx) throws SQLException {
    try (PersistenceBus bus = PersistenceBus.start(vertx, ONE_CONNECTION_ONE_SECOND)) {
      bus.charger("CS-BUSY");
      Future<JsonObject> first;
      Future<JsonObject> heartbeat;
      try (Connection lock = lockTable(bus, "chargers")) {
        // The only pooled connection waits for the lock inside the first boot's transaction...
        first = boot(vertx, "Acme", "2025-03-01T10:00:00Z");
        // ...so the next requests wait for a connection until their time is up: a statement, and a boot (a
        // database transaction, which takes its connection another way).
        Future<JsonObject> lookup = vertx.eventBus().<JsonObject>request(CHARGER_LOOKUP,
            new JsonObject().put("chargePointId", "CS-BUSY")).map(reply -> reply.body());
        Future<JsonObject> second = boot(vertx, "Other", "2025-03-01T10:05:00Z");
        // A heartbeat is committed on a connection of its own (shared commits): it waits for the lock, not for
        // the pool, and is written once the lock is gone.
        heartbeat = heartbeat(vertx, "2025-03-01T10:06:00Z");
        for (Future<JsonObject> refusedRequest : List.of(lookup, second)) {
          ReplyException refused = failure(refusedRequest);
          assertEquals(BusFailure.BUSY, refused.failureCode());
          assertEquals("the database is busy: no connection within database.maxWaitSeconds; nothing was written",
              refused.getMessage());
        }
        lock.commit();
      }
      assertEquals(new JsonObject().put("pendingReconciliation", 0), await(first));
      assertEquals(new JsonObject(), await(heartbeat));
      assertEquals(true, bus.value("SELECT vendor = 'Acme' AND last_boot_at = '2025-03-01T10:00:00Z' "
          + "AND last_heartbeat_at = '2025-03-01T10:06:00Z' FROM chargers WHERE charge_point_id = 'CS-BUSY'"));
      // The pool serves again at once.
      assertEquals("CS-BUSY", await(vertx.eventBus().<JsonObject>request(CHARGER_LOOKUP,
          new JsonObject().put("chargePointId", "CS-BUSY")).map(reply -> reply.body())).getString("chargePointId"));
    }
  }

  @Test
  void aMeterValuesReportThatWaitedTooLongForItsTurnIsRefusedBusyAndNotWritten(Vertx vertx) throws SQLException {
    try (PersistenceBus bus = PersistenceBus.start(vertx, ONE_SECOND_NO_WINDOW)) {
      bus.charger("CS-BUSY-MV");
      Future<JsonObject> first;
      Future<JsonObject> second;
      Future<JsonObject> third;
      try (Connection lock = lockTable(bus, "meter_readings")) {
        // The first two take both MeterValues statements in flight and wait for the lock; the third queues.
        first = meterValues(vertx, "2025-03-01T10:00:00Z", "100");
        second = meterValues(vertx, "2025-03-01T10:01:00Z", "200");
        third = meterValues(vertx, "2025-03-01T10:02:00Z", "300");
        // What is under test is a time limit: let it pass (1 s) before the statements ahead can finish.
        await(vertx.timer(1_200));
        lock.commit();
      }
      assertEquals(new JsonObject().put("stored", 1), await(first));
      assertEquals(new JsonObject().put("stored", 1), await(second));
      ReplyException refused = failure(third);
      assertEquals(BusFailure.BUSY, refused.failureCode());
      assertEquals("the database is busy: the report waited longer than 1 s for its turn; nothing was written",
          refused.getMessage());
      assertEquals("100,200", bus.value("SELECT string_agg(value::text, ',' ORDER BY sampled_at) FROM meter_values "
          + "WHERE charger_id = (SELECT id FROM chargers WHERE charge_point_id = 'CS-BUSY-MV')"));
    }
  }

  /** A transaction of the test's own holding {@code table} in EXCLUSIVE mode until it commits. */
  private static Connection lockTable(PersistenceBus bus, String table) throws SQLException {
    Connection lock = bus.db().connect();
    lock.setAutoCommit(false);
    try (Statement st = lock.createStatement()) {
      st.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
    }
    return lock;
  }

  private static ReplyException failure(Future<JsonObject> reply) {
    await(reply.otherwiseEmpty());
    return (ReplyException) reply.cause();
  }

  private static Future<JsonObject> boot(Vertx vertx, String vendor, String receivedAt) {
    return vertx.eventBus().<JsonObject>request(CHARGER_BOOT, new JsonObject().put("chargePointId", "CS-BUSY")
        .put("chargePointVendor", vendor).put("chargePointModel", "Fast-22").put("receivedAt", receivedAt))
        .map(reply -> reply.body());
  }

  private static Future<JsonObject> heartbeat(Vertx vertx, String receivedAt) {
    return vertx.eventBus().<JsonObject>request(CHARGER_HEARTBEAT,
        new JsonObject().put("chargePointId", "CS-BUSY").put("receivedAt", receivedAt)).map(reply -> reply.body());
  }

  private static Future<JsonObject> meterValues(Vertx vertx, String timestamp, String wh) {
    return vertx.eventBus().<JsonObject>request(METER_VALUES, new JsonObject().put("chargePointId", "CS-BUSY-MV")
        .put("connectorId", 1).put("meterValue", new JsonArray().add(new JsonObject().put("timestamp", timestamp)
            .put("sampledValue", new JsonArray().add(new JsonObject().put("value", wh))))))
        .map(reply -> reply.body());
  }
}
