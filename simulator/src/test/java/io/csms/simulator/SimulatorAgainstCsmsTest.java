package io.csms.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.bus.EventAddresses;
import io.csms.bus.OcppAddresses;
import io.csms.ocpp.OcppVerticle;
import io.csms.persistence.PersistenceVerticle;
import io.csms.testing.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The simulator against the real OCPP verticle and persistence verticle on a fresh PostgreSQL database. */
@ExtendWith(VertxExtension.class)
class SimulatorAgainstCsmsTest {
  private static TestDatabase db;
  private static OcppVerticle ocpp;

  @BeforeAll
  static void startNode(Vertx vertx) throws Exception {
    db = TestDatabase.create();
    JsonObject config = new JsonObject().put("host", "127.0.0.1").put("nodeId", "sim-test-node")
        .put("database", new JsonObject().put("url", db.url()))
        .put("ocpp", new JsonObject().put("port", 0));
    await(vertx.deployVerticle(new PersistenceVerticle(), new DeploymentOptions().setConfig(config)));
    ocpp = new OcppVerticle();
    await(vertx.deployVerticle(ocpp, new DeploymentOptions().setConfig(config)));
    for (String prefix : List.of("T3-CP-", "T4-CP-")) {
      for (int n = 1; n <= 3; n++) {
        sql("INSERT INTO chargers (charge_point_id) VALUES (?)", prefix + String.format("%05d", n));
      }
    }
    for (int n = 1; n <= 3; n++) {
      sql("INSERT INTO users (name, rfid_id_tag) VALUES (?, ?)", "Driver " + n, "T3TAG" + String.format("%05d", n));
    }
    sql("INSERT INTO users (name, rfid_id_tag) VALUES ('Remote driver', 'REMOTE0001')");
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  private String url() {
    return "ws://127.0.0.1:" + ocpp.actualPort() + "/ocpp";
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void chargersCompleteSessionsThatTheCsmsStores(Vertx vertx, VertxTestContext ctx) {
    ChargePointSettings settings = new ChargePointSettings(url(), 1, 200, 0, 1_500, 300, 1_000, 10_000,
        "T3TAG{n}", Scenario.FULL_SESSION, 0, 200);
    SimulationPlan plan = new SimulationPlan(settings, 3, "T3-CP-", 1, 50, List.of(), true);
    Simulation simulation = new Simulation(vertx, plan);
    Set<String> stopped = new HashSet<>();
    Promise<Void> everyChargerStopped = Promise.promise();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(EventAddresses.TRANSACTION_STOPPED, m -> {
      stopped.add(m.body().getString("chargePointId"));
      if (stopped.size() == 3) {
        everyChargerStopped.tryComplete();
      }
    });
    consumer.completion()
        .compose(v -> simulation.start())
        .compose(v -> everyChargerStopped.future())
        .compose(v -> simulation.shutdown(10_000))
        .compose(v -> consumer.unregister())
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertEquals(0, simulation.stats().window().errors.sum(),
              "no errors: " + simulation.stats().window().errorsByKind());
          for (int n = 1; n <= 3; n++) {
            String id = plan.chargePointId(n - 1);
            assertTrue(count("SELECT count(*) FROM charging_transactions t JOIN chargers c ON c.id = t.charger_id "
                + "WHERE c.charge_point_id = ? AND t.stop_time IS NOT NULL AND t.meter_stop_wh >= t.meter_start_wh "
                + "AND t.id_tag = ?", id, plan.idTag(n - 1)) >= 1, id + " has a stopped session with its driver's tag");
            assertTrue(count("SELECT count(*) FROM meter_values v JOIN chargers c ON c.id = v.charger_id "
                + "WHERE c.charge_point_id = ? AND v.transaction_id IS NOT NULL", id) >= 1, id + " has meter values stored");
          }
          assertEquals(0, count("SELECT count(*) FROM charging_transactions WHERE stop_time IS NULL"),
              "every session the simulator started was stopped at the end");
          ctx.completeNow();
        })));
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void commandsSentThroughTheCsmsAreAnsweredWithValidPayloads(Vertx vertx, VertxTestContext ctx) {
    ChargePointSettings settings = new ChargePointSettings(url(), 2, 500, 0, 60_000, 1_000, 1_000, 10_000,
        "T4TAG{n}", Scenario.IDLE, 0, 200);
    SimulationPlan plan = new SimulationPlan(settings, 1, "T4-CP-", 1, 10, List.of(), true);
    Simulation simulation = new Simulation(vertx, plan);
    String id = plan.chargePointId(0);
    simulation.start()
        .compose(v -> simulation.allBooted())
        // The CSMS validates every answer against the OCPP 1.6 response schema before replying here.
        .compose(v -> call(vertx, id, "GetConfiguration", new JsonObject().put("key", new JsonArray().add("HeartbeatInterval"))))
        .compose(answer -> {
          ctx.verify(() -> assertEquals("HeartbeatInterval",
              answer.getJsonArray("configurationKey").getJsonObject(0).getString("key")));
          return call(vertx, id, "ChangeConfiguration", new JsonObject().put("key", "HeartbeatInterval").put("value", "90"));
        })
        .compose(answer -> expectStatus(ctx, answer, "Accepted"))
        .compose(v -> call(vertx, id, "ChangeAvailability", new JsonObject().put("connectorId", 2).put("type", "Inoperative")))
        .compose(answer -> expectStatus(ctx, answer, "Accepted"))
        .compose(v -> call(vertx, id, "RemoteStartTransaction", new JsonObject().put("connectorId", 1).put("idTag", "REMOTE0001")))
        .compose(answer -> expectStatus(ctx, answer, "Accepted"))
        .compose(v -> runningTransaction(vertx, id))
        .compose(tx -> call(vertx, id, "RemoteStopTransaction", new JsonObject().put("transactionId", tx)))
        .compose(answer -> expectStatus(ctx, answer, "Accepted"))
        .compose(v -> call(vertx, id, "TriggerMessage", new JsonObject().put("requestedMessage", "StatusNotification")))
        .compose(answer -> expectStatus(ctx, answer, "Accepted"))
        .compose(v -> call(vertx, id, "UnlockConnector", new JsonObject().put("connectorId", 1)))
        .compose(answer -> expectStatus(ctx, answer, "Unlocked"))
        .compose(v -> call(vertx, id, "ClearCache", new JsonObject()))
        .compose(answer -> expectStatus(ctx, answer, "Accepted"))
        .compose(v -> call(vertx, id, "DataTransfer", new JsonObject().put("vendorId", "SimuCharge").put("data", "hello")))
        .compose(answer -> expectStatus(ctx, answer, "Accepted"))
        .compose(v -> call(vertx, id, "Reset", new JsonObject().put("type", "Soft")))
        .compose(answer -> expectStatus(ctx, answer, "Accepted"))
        .compose(v -> simulation.shutdown(10_000))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertEquals(1, count("SELECT count(*) FROM charging_transactions t JOIN chargers c ON c.id = t.charger_id "
              + "WHERE c.charge_point_id = ? AND t.id_tag = 'REMOTE0001' AND t.stop_reason = 'Remote'", id),
              "the remote session was started and stopped by the CSMS's commands");
          ctx.completeNow();
        })));
  }

  private static Future<JsonObject> call(Vertx vertx, String chargePointId, String action, JsonObject payload) {
    JsonObject request = new JsonObject().put("chargePointId", chargePointId).put("action", action).put("payload", payload);
    return vertx.eventBus().<JsonObject>request(OcppAddresses.CALL, request, new DeliveryOptions().setSendTimeout(20_000))
        .map(reply -> reply.body().getJsonObject("payload"));
  }

  private static Future<Void> expectStatus(VertxTestContext ctx, JsonObject answer, String status) {
    ctx.verify(() -> assertEquals(status, answer.getString("status"), answer.encode()));
    return Future.succeededFuture();
  }

  /** The id of the charger's running transaction; no event announces a start, so this looks until a deadline. */
  private static Future<Long> runningTransaction(Vertx vertx, String chargePointId) {
    return vertx.executeBlocking(() -> {
      long deadline = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < deadline) {
        long id = count("SELECT coalesce(max(t.id), 0) FROM charging_transactions t JOIN chargers c ON c.id = t.charger_id "
            + "WHERE c.charge_point_id = ? AND t.stop_time IS NULL", chargePointId);
        if (id > 0) {
          return id;
        }
        TimeUnit.MILLISECONDS.sleep(50); // the polling period, not a synchronisation
      }
      throw new AssertionError("no running transaction for " + chargePointId);
    });
  }

  private static long count(String query, Object... params) {
    return ((Number) db.value(query, params)).longValue();
  }


  private static void sql(String statement, Object... params) throws SQLException {
    try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(statement)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      st.execute();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
