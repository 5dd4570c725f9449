package io.csms.ocpp;

import static io.csms.ocpp.OcppTestNode.await;
import static io.csms.ocpp.OcppTestNode.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.bus.BusFailure;
import io.csms.bus.OcppAddresses;
import io.csms.testing.OcppTestClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** CSMS-initiated CALLs through {@link OcppAddresses#CALL}, answered by a real WebSocket charge point. */
@ExtendWith(VertxExtension.class)
class OutgoingCallTest {
  private static final JsonObject UNLOCK = new JsonObject().put("connectorId", 1);
  private static OcppTestNode node;

  @BeforeAll
  static void start(Vertx vertx) {
    node = OcppTestNode.start(vertx, new JsonObject().put("callQueueLimit", 1), new JsonObject());
    for (String cp : List.of("CP-CALL-1", "CP-CALL-2", "CP-CALL-3", "CP-CALL-4", "CP-CALL-5", "CP-CALL-6", "CP-CALL-7")) {
      node.addCharger(cp);
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Future<JsonObject> call(String address, String chargePointId, String action, JsonObject payload,
                                         Integer timeoutSeconds) {
    JsonObject request = new JsonObject().put("chargePointId", chargePointId).put("action", action)
        .put("payload", payload);
    if (timeoutSeconds != null) {
      request.put("timeoutSeconds", timeoutSeconds);
    }
    return node.vertx.eventBus().<JsonObject>request(address, request, new DeliveryOptions().setSendTimeout(20_000))
        .map(reply -> reply.body());
  }

  private static Future<JsonObject> call(String chargePointId, String action, JsonObject payload) {
    return call(OcppAddresses.CALL, chargePointId, action, payload, null);
  }

  private static int failureCode(Future<?> future) {
    return BusFailure.codeOf(failureOf(future));
  }

  @Test
  void aCallGoesOutAndItsAnswerComesBack() {
    OcppTestClient cp = node.connect("CP-CALL-1");
    cp.onCall("UnlockConnector", payload -> Future.succeededFuture(new JsonObject().put("status", "Unlocked")));
    cp.onCall("GetConfiguration", payload -> Future.succeededFuture(new JsonObject()
        .put("configurationKey", new JsonArray().add(new JsonObject().put("key", "HeartbeatInterval")
            .put("readonly", false).put("value", "300")))));

    JsonObject reply = await(call("CP-CALL-1", "UnlockConnector", UNLOCK));
    assertEquals("UnlockConnector", reply.getString("action"));
    assertEquals("Unlocked", reply.getJsonObject("payload").getString("status"));

    // Also through this node's own address, as another node reaches it.
    JsonObject config = await(call(OcppAddresses.callAddressOf("test-node"), "CP-CALL-1", "GetConfiguration",
        new JsonObject().put("key", new JsonArray().add("HeartbeatInterval")), null));
    assertEquals("300", config.getJsonObject("payload").getJsonArray("configurationKey").getJsonObject(0)
        .getString("value"));
    assertEquals(new JsonObject().put("connectorId", 1), cp.receivedCalls().get(0).getJsonObject("payload"));
    assertEquals(List.of(), cp.protocolViolations());
    await(cp.close());
  }

  @Test
  void aChargePointThatDoesNotAnswerTimesOutAndItsLateAnswerIsDropped() {
    OcppTestClient cp = node.connect("CP-CALL-2");
    Promise<JsonObject> late = Promise.promise();
    cp.onCall("Reset", payload -> late.future());
    assertEquals(BusFailure.TIMEOUT, failureCode(call(OcppAddresses.CALL, "CP-CALL-2", "Reset",
        new JsonObject().put("type", "Soft"), 1)));

    late.complete(new JsonObject().put("status", "Accepted")); // the late CALLRESULT
    cp.onCall("Reset", payload -> Future.succeededFuture(new JsonObject().put("status", "Rejected")));
    JsonObject next = await(call("CP-CALL-2", "Reset", new JsonObject().put("type", "Hard")));
    assertEquals("Rejected", next.getJsonObject("payload").getString("status"), "the late answer was not taken");
    assertEquals(List.of(), cp.protocolViolations());
    await(cp.close());
  }

  @Test
  void aCallErrorIsReportedWithItsCode() {
    OcppTestClient cp = node.connect("CP-CALL-3");
    cp.onCall("ClearCache", payload -> Future.failedFuture("cache is read-only"));
    ReplyException failure = (ReplyException) failureOf(call("CP-CALL-3", "ClearCache", new JsonObject()));
    assertEquals(BusFailure.CALL_ERROR, failure.failureCode());
    JsonObject reason = new JsonObject(failure.getMessage());
    assertEquals("InternalError", reason.getString("errorCode"));
    assertEquals("cache is read-only", reason.getString("errorDescription"));
    assertEquals(new JsonObject(), reason.getJsonObject("errorDetails"));
    await(cp.close());
  }

  @Test
  void callsGoOutOneAfterTheOtherAndAFullQueueIsBusy() {
    OcppTestClient cp = node.connect("CP-CALL-4");
    Promise<JsonObject> firstAnswer = Promise.promise();
    Promise<Void> firstArrived = Promise.promise();
    cp.onCall("UnlockConnector", payload -> {
      firstArrived.tryComplete();
      return firstAnswer.future();
    });
    Future<JsonObject> first = call("CP-CALL-4", "UnlockConnector", UNLOCK);
    await(firstArrived.future());
    Future<JsonObject> second = call("CP-CALL-4", "ChangeAvailability",
        new JsonObject().put("connectorId", 0).put("type", "Inoperative"));
    // The queue holds one CALL behind the outstanding one: a third is refused...
    assertEquals(BusFailure.BUSY, failureCode(call("CP-CALL-4", "ClearCache", new JsonObject())));
    // ...which proves the second is waiting: the charge point has seen only the first.
    assertEquals(1, cp.receivedCalls().size());

    cp.onCall("ChangeAvailability", payload -> Future.succeededFuture(new JsonObject().put("status", "Scheduled")));
    firstAnswer.complete(new JsonObject().put("status", "UnlockFailed"));
    assertEquals("UnlockFailed", await(first).getJsonObject("payload").getString("status"));
    assertEquals("Scheduled", await(second).getJsonObject("payload").getString("status"));
    assertEquals(List.of("UnlockConnector", "ChangeAvailability"),
        cp.receivedCalls().stream().map(c -> c.getString("action")).toList());
    await(cp.close());
  }

  @Test
  void anAnswerOutsideTheSchemaIsACallError() {
    OcppTestClient cp = node.connect("CP-CALL-5");
    cp.onCall("UnlockConnector", payload -> Future.succeededFuture(new JsonObject().put("status", "Maybe")));
    ReplyException failure = (ReplyException) failureOf(call("CP-CALL-5", "UnlockConnector", UNLOCK));
    assertEquals(BusFailure.CALL_ERROR, failure.failureCode());
    assertEquals("InvalidCallResult", new JsonObject(failure.getMessage()).getString("errorCode"));
    await(cp.close());
  }

  @Test
  void anAnswerOverTheFrameLimitFailsTheCallWithoutClosingTheConnection() {
    OcppTestClient cp = node.connect("CP-CALL-7");
    JsonObject dataTransfer = new JsonObject().put("vendorId", "com.acme");
    cp.onCall("DataTransfer", payload -> Future.succeededFuture(new JsonObject().put("status", "Accepted")
        .put("data", "x".repeat(70_000)))); // over the default 65,536 bytes
    ReplyException failure = (ReplyException) failureOf(call("CP-CALL-7", "DataTransfer", dataTransfer));
    assertEquals(BusFailure.CALL_ERROR, failure.failureCode());
    assertEquals("InvalidCallResult", new JsonObject(failure.getMessage()).getString("errorCode"));

    cp.onCall("DataTransfer", payload -> Future.succeededFuture(new JsonObject().put("status", "Accepted")));
    assertEquals("Accepted", await(call("CP-CALL-7", "DataTransfer", dataTransfer)).getJsonObject("payload")
        .getString("status"));
    await(cp.close());
  }

  @Test
  void badRequestsAreRefusedBeforeAnythingIsSent() {
    OcppTestClient cp = node.connect("CP-CALL-6");
    assertEquals(BusFailure.INVALID, failureCode(call("CP-CALL-6", "Teleport", new JsonObject())));
    assertEquals(BusFailure.INVALID, failureCode(call("CP-CALL-6", "BootNotification", new JsonObject())));
    assertEquals(BusFailure.INVALID, failureCode(call("CP-CALL-6", "UnlockConnector", new JsonObject())));
    assertEquals(BusFailure.INVALID, failureCode(call("CP-CALL-6", "Reset", new JsonObject().put("type", "Soft")
        .put("now", true))));
    assertEquals(BusFailure.INVALID, failureCode(node.vertx.eventBus().request(OcppAddresses.CALL, "text")));
    assertEquals(List.of(), cp.receivedCalls());
    assertEquals(BusFailure.CONFLICT, failureCode(call("CP-NOT-CONNECTED", "UnlockConnector", UNLOCK)));
    await(cp.close());
  }

  @Test
  void sessionsListsTheLiveConnections() {
    OcppTestClient one = node.connect("CP-CALL-1");
    JsonObject all = await(node.vertx.eventBus().<JsonObject>request(OcppAddresses.SESSIONS, new JsonObject()))
        .body();
    assertTrue(all.getJsonArray("sessions").stream().map(JsonObject.class::cast)
        .anyMatch(s -> "CP-CALL-1".equals(s.getString("chargePointId")) && "test-node".equals(s.getString("nodeId"))
            && s.getString("connectedAt") != null && s.getString("lastSeenAt") != null));
    JsonObject some = await(node.vertx.eventBus().<JsonObject>request(OcppAddresses.SESSIONS,
        new JsonObject().put("chargePointIds", new JsonArray().add("CP-CALL-1").add("CP-NOWHERE")))).body();
    assertEquals(1, some.getJsonArray("sessions").size());
    await(one.close());
  }
}
