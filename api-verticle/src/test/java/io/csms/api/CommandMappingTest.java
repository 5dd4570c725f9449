package io.csms.api;

import static io.csms.api.ErrorShape.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.bus.BusFailure;
import io.csms.bus.OcppAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How each command route builds its OCPP CALL and maps each documented outcome of
 * {@link OcppAddresses#CALL} to HTTP, with a stand-in answering on that address (the real charger round
 * trips are in {@link ChargerCommandRoundTripTest}).
 */
class CommandMappingTest extends ApiSliceTest {
  private static long chargerId;
  private final List<JsonObject> calls = new CopyOnWriteArrayList<>();
  private MessageConsumer<JsonObject> standIn;

  @BeforeAll
  static void arrange(Vertx vertx) throws Exception {
    chargerId = api.post("/api/admin/chargers", admin, new JsonObject().put("charge_point_id", "CP-CMD-1"))
        .bodyAsJsonObject().getJsonObject("charger").getLong("id");
  }

  @AfterEach
  void unregister() throws Exception {
    if (standIn != null) {
      ApiFixture.await(standIn.unregister());
    }
  }

  private void answerWith(int failureCode, String reason, JsonObject payload) throws Exception {
    standIn = api.vertx.eventBus().consumer(OcppAddresses.CALL, message -> {
      calls.add(message.body());
      if (failureCode > 0) {
        message.fail(failureCode, reason);
      } else {
        message.reply(new JsonObject().put("action", message.body().getString("action")).put("payload", payload));
      }
    });
    ApiFixture.await(standIn.completion());
  }

  private HttpResponse<Buffer> command(String name, JsonObject body) throws Exception {
    return api.post("/api/admin/chargers/" + chargerId + "/" + name, admin, body);
  }

  @Test
  void everyCommandSendsItsActionWithTheOcppPayload() throws Exception {
    answerWith(0, null, new JsonObject().put("status", "Accepted"));
    record Case(String route, JsonObject body, String action, JsonObject payload) {
    }
    List<Case> cases = List.of(
        new Case("remote-start", new JsonObject().put("id_tag", "TAG1").put("connector_id", 1),
            "RemoteStartTransaction", new JsonObject().put("idTag", "TAG1").put("connectorId", 1)),
        new Case("remote-stop", new JsonObject().put("transaction_id", 42), "RemoteStopTransaction",
            new JsonObject().put("transactionId", 42)),
        new Case("change-availability", new JsonObject().put("connector_id", 0).put("type", "Inoperative"),
            "ChangeAvailability", new JsonObject().put("connectorId", 0).put("type", "Inoperative")),
        new Case("reset", new JsonObject().put("type", "Soft"), "Reset", new JsonObject().put("type", "Soft")),
        new Case("get-configuration", new JsonObject().put("key", new JsonArray().add("HeartbeatInterval")),
            "GetConfiguration", new JsonObject().put("key", new JsonArray().add("HeartbeatInterval"))),
        new Case("change-configuration", new JsonObject().put("key", "HeartbeatInterval").put("value", "60"),
            "ChangeConfiguration", new JsonObject().put("key", "HeartbeatInterval").put("value", "60")),
        new Case("unlock-connector", new JsonObject().put("connector_id", 2), "UnlockConnector",
            new JsonObject().put("connectorId", 2)),
        new Case("clear-cache", null, "ClearCache", new JsonObject()),
        new Case("trigger-message", new JsonObject().put("requested_message", "Heartbeat"), "TriggerMessage",
            new JsonObject().put("requestedMessage", "Heartbeat")),
        new Case("data-transfer", new JsonObject().put("vendor_id", "acme").put("data", "x"), "DataTransfer",
            new JsonObject().put("vendorId", "acme").put("data", "x")));
    for (Case c : cases) {
      calls.clear();
      HttpResponse<Buffer> response = command(c.route(), c.body());
      assertEquals(200, response.statusCode(), c.route() + ": " + response.bodyAsString());
      JsonObject body = response.bodyAsJsonObject();
      assertTrue(body.getBoolean("success"), c.route());
      assertEquals(c.action() + " Accepted", body.getString("message"));
      assertEquals(new JsonObject().put("status", "Accepted"), body.getJsonObject("ocpp_response"));
      assertEquals(1, calls.size());
      assertEquals("CP-CMD-1", calls.get(0).getString("chargePointId"));
      assertEquals(c.action(), calls.get(0).getString("action"));
      assertEquals(c.payload(), calls.get(0).getJsonObject("payload"), c.route());
    }
  }

  @Test
  void aRejectionIsNoSuccess() throws Exception {
    answerWith(0, null, new JsonObject().put("status", "Rejected"));
    JsonObject body = command("remote-start", new JsonObject().put("id_tag", "TAG1")).bodyAsJsonObject();
    assertFalse(body.getBoolean("success"));
    assertEquals("RemoteStartTransaction Rejected", body.getString("message"));
  }

  @Test
  void outcomesMapToStatuses() throws Exception {
    String path = "/api/admin/chargers/" + chargerId + "/reset";
    answerWith(BusFailure.CONFLICT, "not connected", null);
    assertError(command("reset", new JsonObject().put("type", "Hard")), 409, path);
    unregister();
    answerWith(BusFailure.TIMEOUT, "no answer", null);
    assertError(command("reset", new JsonObject().put("type", "Hard")), 504, path);
    unregister();
    answerWith(BusFailure.BUSY, "queue full", null);
    HttpResponse<Buffer> busy = command("reset", new JsonObject().put("type", "Hard"));
    assertError(busy, 429, path);
    assertEquals("1", busy.getHeader("Retry-After"));
    unregister();
    answerWith(BusFailure.CALL_ERROR, new JsonObject().put("errorCode", "NotSupported")
        .put("errorDescription", "no").put("errorDetails", new JsonObject()).encode(), null);
    JsonObject refused = command("reset", new JsonObject().put("type", "Hard")).bodyAsJsonObject();
    assertFalse(refused.getBoolean("success"));
    assertEquals("NotSupported", refused.getJsonObject("ocpp_response").getString("errorCode"));
  }

  @Test
  void withoutAnOcppVerticleAnUnknownChargerIs404AndAnUnheldOneIs409() throws Exception {
    assertError(api.post("/api/admin/chargers/987654/reset", admin, new JsonObject().put("type", "Hard")), 404,
        "/api/admin/chargers/987654/reset");
    assertError(api.post("/api/charge-points/NOPE/request", admin, new JsonObject().put("action", "Reset")
        .put("payload", new JsonObject().put("type", "Hard"))), 404, "/api/charge-points/NOPE/request");
    String path = "/api/admin/chargers/" + chargerId + "/reset";
    assertError(command("reset", new JsonObject().put("type", "Hard")), 409, path);
    // The database says a node holds it, but that node is gone: the bus cannot deliver.
    api.sql("UPDATE chargers SET connected_node = 'node-gone', connection_status = 'ONLINE' WHERE id = " + chargerId);
    try {
      assertError(command("reset", new JsonObject().put("type", "Hard")), 503, path);
    } finally {
      api.sql("UPDATE chargers SET connected_node = NULL, connection_status = 'OFFLINE' WHERE id = " + chargerId);
    }
  }

  @Test
  void theCompatibilityRequestSendsAnyActionByName() throws Exception {
    answerWith(0, null, new JsonObject().put("status", "Accepted").put("configurationKey", new JsonArray()));
    HttpResponse<Buffer> response = api.post("/api/charge-points/CP-CMD-1/request", admin, new JsonObject()
        .put("action", "GetConfiguration").put("payload", new JsonObject().put("key", new JsonArray().add("A_b"))));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("GetConfiguration", calls.get(0).getString("action"));
    // The payload reaches the charger verbatim: its names are OCPP's, not converted.
    assertEquals(new JsonObject().put("key", new JsonArray().add("A_b")), calls.get(0).getJsonObject("payload"));
    assertEquals(new JsonArray(), response.bodyAsJsonObject().getJsonObject("ocpp_response").getJsonArray("configurationKey"));
  }

  @Test
  void invalidCommandBodiesAre422() throws Exception {
    assertError(command("reset", new JsonObject().put("type", "Sideways")), 422, "/api/admin/chargers/" + chargerId + "/reset");
    assertError(command("remote-start", new JsonObject()), 422, "/api/admin/chargers/" + chargerId + "/remote-start");
  }
}
