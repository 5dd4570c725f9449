package io.csms.ocpp;

import static io.csms.ocpp.OcppTestNode.await;
import static io.csms.ocpp.OcppTestNode.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.bus.BusFailure;
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

/**
 * Two OCPP nodes sharing a store and the session registry (two verticles on one Vert.x: one event bus, one
 * shared map, as a cluster gives them): a CALL made on either node reaches the charge point, and a charge
 * point that reconnects to the other node takes its session over there.
 */
@ExtendWith(VertxExtension.class)
class TwoNodesTest {
  private static final JsonObject TRIGGER = new JsonObject().put("requestedMessage", "Heartbeat");
  private static OcppTestNode node;
  private static OcppVerticle nodeB;
  private static List<JsonObject> disconnections;

  @BeforeAll
  static void start(Vertx vertx) {
    // Session records live 3 s and are refreshed every second.
    node = OcppTestNode.start(vertx, new JsonObject(),
        new JsonObject().put("cluster", new JsonObject().put("sessionTtlSeconds", 3)));
    nodeB = node.deployAnotherNode("node-b");
    node.addCharger("CP-ON-B");
    node.addCharger("CP-MOVING");
    disconnections = node.published(EventAddresses.CHARGER_DISCONNECTED);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static OcppTestClient connectToB(String chargePointId) {
    return await(OcppTestClient.connect(node.vertx, "ws://127.0.0.1:" + nodeB.actualPort() + "/ocpp", chargePointId));
  }

  private static Future<JsonObject> trigger(String address, String chargePointId) {
    return node.vertx.eventBus().<JsonObject>request(address, new JsonObject().put("chargePointId", chargePointId)
        .put("action", "TriggerMessage").put("payload", TRIGGER)).map(reply -> reply.body());
  }

  @Test
  void aCallMadeOnEitherNodeReachesTheChargePoint() {
    OcppTestClient cp = connectToB("CP-ON-B");
    cp.onCall("TriggerMessage", payload -> Future.succeededFuture(new JsonObject().put("status", "Accepted")));
    await(cp.call("Heartbeat", new JsonObject())); // a session answers only once it is registered

    // Node A's own address serves only its own sockets...
    assertEquals(BusFailure.CONFLICT, BusFailure.codeOf(failureOf(trigger(OcppAddresses.callAddressOf("test-node"),
        "CP-ON-B"))));
    // ...while CALL, whichever node's consumer takes it (they alternate), gets there.
    for (int i = 0; i < 4; i++) {
      assertEquals("Accepted", await(trigger(OcppAddresses.CALL, "CP-ON-B")).getJsonObject("payload")
          .getString("status"));
    }
    assertEquals(4, cp.receivedCalls().size());

    // SESSIONS with ids answers for the whole cluster, whichever node's consumer takes it.
    for (int i = 0; i < 2; i++) {
      JsonArray sessions = await(node.vertx.eventBus().<JsonObject>request(OcppAddresses.SESSIONS,
          new JsonObject().put("chargePointIds", new JsonArray().add("CP-ON-B").add("CP-NOWHERE")))).body()
          .getJsonArray("sessions");
      assertEquals(1, sessions.size(), sessions.encode());
      assertEquals("node-b", sessions.getJsonObject(0).getString("nodeId"));
    }
    await(cp.close());
  }

  @Test
  void aChargePointReconnectingToTheOtherNodeIsTakenOverThere() {
    OcppTestClient onA = node.connect("CP-MOVING");
    await(onA.call("Heartbeat", new JsonObject()));
    OcppTestClient onB = connectToB("CP-MOVING");
    await(onA.closed()); // closed by node A at its next refresh
    onB.onCall("TriggerMessage", payload -> Future.succeededFuture(new JsonObject().put("status", "Accepted")));
    for (int i = 0; i < 2; i++) {
      assertEquals("Accepted", await(trigger(OcppAddresses.CALL, "CP-MOVING")).getJsonObject("payload")
          .getString("status"));
    }
    assertTrue(disconnections.stream().noneMatch(e -> "CP-MOVING".equals(e.getString("chargePointId"))),
        "the superseded socket is not a disconnection");
    assertEquals("ONLINE", node.sql("SELECT connection_status FROM chargers WHERE charge_point_id = 'CP-MOVING'"));
    await(onB.close());
  }
}
