package io.csms.ocpp;

import static io.csms.ocpp.OcppTestNode.await;
import static io.csms.ocpp.OcppTestNode.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.csms.bus.OcppAddresses;
import io.csms.testing.OcppTestClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ocpp.auditSkipActions}: the frames of those actions stay out of the audit log when the exchange succeeds,
 * and a refused one is logged with its request.
 */
@ExtendWith(VertxExtension.class)
class AuditSkipActionsTest {
  private static OcppTestNode node;

  @BeforeAll
  static void start(Vertx vertx) {
    node = OcppTestNode.start(vertx,
        new JsonObject().put("auditSkipActions", "Heartbeat, MeterValues,UnlockConnector"), new JsonObject());
    node.addCharger("CP-SKIP");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void skippedActionsLeaveTheLogUnlessTheyAreRefused() {
    OcppTestClient cp = node.connect("CP-SKIP");
    cp.onCall("UnlockConnector", payload -> payload.getInteger("connectorId") == 1
        ? Future.succeededFuture(new JsonObject().put("status", "Unlocked"))
        : Future.failedFuture("no such connector"));
    await(cp.call("BootNotification", new JsonObject().put("chargePointVendor", "Acme")
        .put("chargePointModel", "AC-22")));
    await(cp.call("Heartbeat", new JsonObject()));
    String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
    await(cp.call("MeterValues", new JsonObject().put("connectorId", 1).put("meterValue", new JsonArray()
        .add(new JsonObject().put("timestamp", now).put("sampledValue", new JsonArray()
            .add(new JsonObject().put("value", "1200")))))));
    // Refused by the schema: the request must be in the log beside the CALLERROR.
    assertEquals("OccurenceConstraintViolation", assertInstanceOf(OcppTestClient.CallError.class,
        failureOf(cp.call("MeterValues", new JsonObject().put("connectorId", 1)))).errorCode());
    // CSMS-initiated: the answer comes in, the CALL went out.
    assertEquals("Unlocked", await(unlock(1)).getJsonObject("payload").getString("status"));
    assertEquals("InternalError", new JsonObject(failureOf(unlock(2)).getMessage()).getString("errorCode"));
    await(cp.call("StatusNotification", new JsonObject().put("connectorId", 1).put("status", "Available")
        .put("errorCode", "NoError")));
    await(cp.close());

    // Exchanges are logged in the order they were answered: the last one in means all are in.
    node.until("the StatusNotification answer is in the audit log", () -> node.count(
        "SELECT count(*) FROM ocpp_frames WHERE charge_point_id = 'CP-SKIP' AND action = 'StatusNotification' "
            + "AND direction = 'OUT'") == 1);
    assertEquals(0, node.count("SELECT count(*) FROM ocpp_frames WHERE charge_point_id = 'CP-SKIP' "
        + "AND action = 'Heartbeat'"));
    assertEquals(2, node.count("SELECT count(*) FROM ocpp_frames WHERE charge_point_id = 'CP-SKIP' "
        + "AND action = 'BootNotification'"));
    assertEquals(Set.of("IN 2 {\"connectorId\":1}", "OUT 4"), frames("MeterValues"));
    assertEquals(Set.of("OUT 2 {\"connectorId\":2}", "IN 4"), frames("UnlockConnector"));
  }

  @Test
  void anUnknownActionIsRefusedAtStart() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> OcppOptions.from(
        new JsonObject().put("ocpp", new JsonObject().put("auditSkipActions", "MeterValues,MeterValue"))));
    assertEquals("ocpp.auditSkipActions: MeterValue is not an OCPP 1.6 action", refused.getMessage());
    assertEquals(Set.of(), OcppOptions.from(new JsonObject()).auditSkipActions());
  }

  /** The action's frames of CP-SKIP as "direction type payload" (the payload of CALLs only). */
  private static Set<String> frames(String action) {
    Object rows = node.sql("SELECT string_agg(direction || ' ' || message_type || CASE WHEN message_type = 2 "
        + "THEN ' ' || payload::text ELSE '' END, '|') FROM ocpp_frames WHERE charge_point_id = 'CP-SKIP' "
        + "AND action = ?", action);
    return Set.of(((String) rows).split("\\|"));
  }

  private static Future<JsonObject> unlock(int connectorId) {
    return node.vertx.eventBus().<JsonObject>request(OcppAddresses.CALL, new JsonObject()
            .put("chargePointId", "CP-SKIP").put("action", "UnlockConnector")
            .put("payload", new JsonObject().put("connectorId", connectorId)),
        new DeliveryOptions().setSendTimeout(20_000)).map(reply -> reply.body());
  }
}
