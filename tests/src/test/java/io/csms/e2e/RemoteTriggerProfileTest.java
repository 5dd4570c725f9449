package io.csms.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.testing.OcppTestClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Remote Trigger profile: TriggerMessage through the API for every requestedMessage value; the charger
 * (a real WebSocket client) accepts, then sends the triggered message, which the node handles as usual.
 */
class RemoteTriggerProfileTest {
  static RunningNode node;
  static AdminApi api;
  static OcppTestClient cp;
  static long chargerId;
  /** The answer the node gave to each triggered message, by action. */
  static final Map<String, Promise<JsonObject>> triggeredAnswers = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start();
    api = new AdminApi(node);
    chargerId = (Long) Sql.value(node.db, "INSERT INTO chargers (charge_point_id) VALUES ('TRG-CP-1') RETURNING id");
    Sql.execute(node.db, "INSERT INTO chargers (charge_point_id) VALUES ('TRG-CP-2')");
    cp = Await.result(OcppTestClient.connect(node.node.vertx(), node.ocppUrl(), "TRG-CP-1"));
    Await.result(cp.call("BootNotification", new JsonObject().put("chargePointVendor", "Acme")
        .put("chargePointModel", "AC")));
    // Like a real charger: answer Accepted, then send the requested message (after the answer).
    cp.onCall("TriggerMessage", p -> {
      String requested = p.getString("requestedMessage");
      int connectorId = p.getInteger("connectorId", 1);
      // Queued behind the handler's answer on the client's event loop, so it goes out after the answer.
      io.vertx.core.Vertx.currentContext().runOnContext(v -> cp.call(requested, triggered(requested, connectorId))
          .onComplete(ar -> {
            Promise<JsonObject> answer = triggeredAnswers.computeIfAbsent(requested, k -> Promise.promise());
            if (ar.succeeded()) {
              answer.tryComplete(ar.result());
            } else {
              answer.tryFail(ar.cause());
            }
          }));
      return Future.succeededFuture(new JsonObject().put("status", "Accepted"));
    });
  }

  @AfterAll
  static void stop() {
    Await.result(cp.close());
    node.close();
  }

  private static String now() {
    return OffsetDateTime.now(ZoneOffset.UTC).toString();
  }

  private static JsonObject triggered(String action, int connectorId) {
    return switch (action) {
      case "BootNotification" -> new JsonObject().put("chargePointVendor", "Triggered Vendor")
          .put("chargePointModel", "AC").put("firmwareVersion", "9.9.9");
      case "DiagnosticsStatusNotification", "FirmwareStatusNotification" -> new JsonObject().put("status", "Idle");
      case "Heartbeat" -> new JsonObject();
      case "MeterValues" -> new JsonObject().put("connectorId", connectorId).put("meterValue", new JsonArray()
          .add(new JsonObject().put("timestamp", now()).put("sampledValue", new JsonArray()
              .add(new JsonObject().put("value", "4242").put("context", "Trigger")))));
      case "StatusNotification" -> new JsonObject().put("connectorId", connectorId).put("status", "Preparing")
          .put("errorCode", "NoError").put("timestamp", now());
      default -> throw new IllegalArgumentException(action);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification",
      "Heartbeat", "MeterValues", "StatusNotification"})
  void eachRequestedMessageIsTriggeredAndHandled(String requested) {
    Promise<JsonObject> answer = triggeredAnswers.computeIfAbsent(requested, k -> Promise.promise());
    JsonObject body = new JsonObject().put("requested_message", requested);
    if (requested.equals("MeterValues") || requested.equals("StatusNotification")) {
      body.put("connector_id", 2);
    }
    JsonObject result = api.post("/api/admin/chargers/" + chargerId + "/trigger-message", body).ok();
    assertTrue(result.getBoolean("success"), result.encode());
    assertEquals("Accepted", result.getJsonObject("ocpp_response").getString("status"));
    JsonObject sent = cp.receivedCalls().stream().filter(c -> c.getString("action").equals("TriggerMessage")
        && c.getJsonObject("payload").getString("requestedMessage").equals(requested)).findFirst().orElseThrow()
        .getJsonObject("payload");
    assertEquals(body.getInteger("connector_id"), sent.getInteger("connectorId"));

    // The triggered message got its usual, schema-valid answer (the client checks it) and its usual effect.
    JsonObject handled = Await.result(answer.future());
    switch (requested) {
      case "BootNotification" -> {
        assertEquals("Accepted", handled.getString("status"));
        assertEquals("9.9.9", Sql.value(node.db, "SELECT firmware_version FROM chargers WHERE id = ?", chargerId));
      }
      case "Heartbeat" -> {
        assertNotNull(handled.getString("currentTime"));
        assertNotNull(Sql.value(node.db, "SELECT last_heartbeat_at FROM chargers WHERE id = ?", chargerId));
      }
      case "MeterValues" -> assertEquals(1L, Sql.value(node.db,
          "SELECT count(*) FROM meter_values WHERE charger_id = ? AND connector_id = 2 AND context = 'Trigger'",
          chargerId));
      case "StatusNotification" -> assertEquals("Preparing", Sql.value(node.db,
          "SELECT status FROM connectors WHERE charger_id = ? AND connector_id = 2", chargerId));
      default -> assertEquals(new JsonObject(), handled);
    }
    assertTrue(cp.protocolViolations().isEmpty(), cp.protocolViolations().toString());
  }

  @Test
  void aChargerThatRejectsOrDoesNotImplementTriggerIsReportedCleanly() throws Exception {
    OcppTestClient other = Await.result(OcppTestClient.connect(node.node.vertx(), node.ocppUrl(), "TRG-CP-2"));
    long otherId = (Long) Sql.value(node.db, "SELECT id FROM chargers WHERE charge_point_id = 'TRG-CP-2'");
    try {
      other.onCall("TriggerMessage", p -> Future.succeededFuture(new JsonObject().put("status", "Rejected")));
      JsonObject rejected = api.post("/api/admin/chargers/" + otherId + "/trigger-message",
          new JsonObject().put("requested_message", "Heartbeat")).ok();
      assertFalse(rejected.getBoolean("success"));
      assertEquals("Rejected", rejected.getJsonObject("ocpp_response").getString("status"));

      other.onCall("TriggerMessage", p -> Future.failedFuture("not implemented"));
      JsonObject callError = api.post("/api/admin/chargers/" + otherId + "/trigger-message",
          new JsonObject().put("requested_message", "Heartbeat")).ok();
      assertFalse(callError.getBoolean("success"));
      assertEquals("InternalError", callError.getJsonObject("ocpp_response").getString("errorCode"));

      // An unknown requestedMessage never reaches the charger.
      assertEquals(422, api.post("/api/admin/chargers/" + otherId + "/trigger-message",
          new JsonObject().put("requested_message", "StartTransaction")).status());
    } finally {
      Await.result(other.close());
    }
  }
}
