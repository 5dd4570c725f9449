package io.csms.ocpp;

import static io.csms.ocpp.OcppTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.bus.EventAddresses;
import io.csms.bus.OcppAddresses;
import io.csms.testing.OcppTestClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connections opening, being taken over and closing, as the store and the event listeners see them. */
@ExtendWith(VertxExtension.class)
class ConnectionLifecycleTest {
  private static OcppTestNode node;
  private static List<JsonObject> disconnections;

  @BeforeAll
  static void start(Vertx vertx) {
    node = OcppTestNode.start(vertx);
    node.addCharger("CP-TAKEOVER");
    disconnections = node.published(EventAddresses.CHARGER_DISCONNECTED);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static long disconnectionsOf(String chargePointId) {
    return disconnections.stream().filter(e -> chargePointId.equals(e.getString("chargePointId"))).count();
  }

  @Test
  void aNewConnectionTakesOverAndTheOldOnesCloseDoesNotUnregisterIt() {
    OcppTestClient first = node.connect("CP-TAKEOVER");
    OcppTestClient second = node.connect("CP-TAKEOVER");
    await(first.closed());

    second.onCall("TriggerMessage", payload -> Future.succeededFuture(new JsonObject().put("status", "Accepted")));
    assertTrue(await(second.call("Heartbeat", new JsonObject())).containsKey("currentTime"));
    JsonObject reply = await(node.vertx.eventBus().<JsonObject>request(OcppAddresses.CALL, new JsonObject()
        .put("chargePointId", "CP-TAKEOVER").put("action", "TriggerMessage")
        .put("payload", new JsonObject().put("requestedMessage", "Heartbeat")))).body();
    assertEquals("Accepted", reply.getJsonObject("payload").getString("status"));

    JsonArray sessions = await(node.vertx.eventBus().<JsonObject>request(OcppAddresses.SESSIONS,
        new JsonObject().put("chargePointIds", new JsonArray().add("CP-TAKEOVER")))).body().getJsonArray("sessions");
    assertEquals(1, sessions.size());
    assertEquals(0, disconnectionsOf("CP-TAKEOVER"), "the replaced socket is not a disconnection");
    assertEquals("ONLINE", node.sql("SELECT connection_status FROM chargers WHERE charge_point_id = 'CP-TAKEOVER'"));

    Future<JsonObject> disconnected = node.nextEvent(EventAddresses.CHARGER_DISCONNECTED, "CP-TAKEOVER");
    await(second.close());
    await(disconnected);
    assertEquals("OFFLINE", node.sql("SELECT connection_status FROM chargers WHERE charge_point_id = 'CP-TAKEOVER'"));
  }
}
