package io.csms.api;

import static io.csms.api.ErrorShape.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.testing.OcppTestClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Commands end to end: REST -> API verticle -> OCPP verticle -> a real WebSocket charge point
 * ({@link OcppTestClient}) and its real answer back. The call timeout is 2 s so a silent charger is quick
 * to time out.
 */
@ExtendWith(VertxExtension.class)
class ChargerCommandRoundTripTest {
  private static ApiFixture api;
  private static String admin;
  private static OcppTestClient charger;
  private static long chargerId;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    api = ApiFixture.startWithOcpp(vertx, new JsonObject().put("ocpp", new JsonObject().put("port", 0)
        .put("callTimeoutSeconds", 2)));
    admin = api.admin();
    chargerId = api.post("/api/admin/chargers", admin, new JsonObject().put("charge_point_id", "CP-RT-1"))
        .bodyAsJsonObject().getJsonObject("charger").getLong("id");
    api.post("/api/admin/chargers", admin, new JsonObject().put("charge_point_id", "CP-RT-OFF"));
    charger = ApiFixture.await(OcppTestClient.connect(vertx, "ws://127.0.0.1:" + api.ocppPort + "/ocpp", "CP-RT-1"));
  }

  @AfterAll
  static void stop() throws Exception {
    ApiFixture.await(charger.close());
    api.close();
  }

  @Test
  void remoteStartReachesTheChargerAndItsAnswerComesBack() throws Exception {
    charger.onCall("RemoteStartTransaction", payload -> Future.succeededFuture(new JsonObject().put("status", "Accepted")));
    HttpResponse<Buffer> response = api.post("/api/admin/chargers/" + chargerId + "/remote-start", admin,
        new JsonObject().put("id_tag", "RFID-42").put("connector_id", 1));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(true, body.getBoolean("success"));
    assertEquals("Accepted", body.getJsonObject("ocpp_response").getString("status"));
    JsonObject received = charger.receivedCalls().stream()
        .filter(c -> c.getString("action").equals("RemoteStartTransaction")).findFirst().orElseThrow();
    assertEquals(new JsonObject().put("idTag", "RFID-42").put("connectorId", 1), received.getJsonObject("payload"));
    assertEquals(List.of(), charger.protocolViolations());
  }

  @Test
  void theChargerListShowsWhoIsConnected() throws Exception {
    JsonArray chargers = api.get("/api/admin/chargers?search=CP-RT", admin).bodyAsJsonObject().getJsonArray("data");
    assertEquals(2, chargers.size());
    for (Object o : chargers) {
      JsonObject c = (JsonObject) o;
      assertEquals(c.getString("charge_point_id").equals("CP-RT-1"), c.getBoolean("is_connected"), c.encode());
    }
  }

  @Test
  void aChargerThatIsNotConnectedIs409() throws Exception {
    long offline = api.get("/api/admin/chargers?search=CP-RT-OFF", admin).bodyAsJsonObject().getJsonArray("data")
        .getJsonObject(0).getLong("id");
    assertError(api.post("/api/admin/chargers/" + offline + "/clear-cache", admin, null), 409,
        "/api/admin/chargers/" + offline + "/clear-cache");
  }

  @Test
  void aChargerThatNeverAnswersIs504() throws Exception {
    // No handler for UnlockConnector: the test charger stays silent.
    assertError(api.post("/api/admin/chargers/" + chargerId + "/unlock-connector", admin,
        new JsonObject().put("connector_id", 1)), 504, "/api/admin/chargers/" + chargerId + "/unlock-connector");
  }

  @Test
  void twoCommandsAtOnceGoOutOneAfterTheOther() throws Exception {
    AtomicInteger outstanding = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    charger.onCall("ChangeConfiguration", payload -> {
      mostAtOnce.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
      Promise<JsonObject> answer = Promise.promise();
      // Answer a little later, so a second CALL sent without waiting would arrive while this one is open.
      api.vertx.setTimer(300, t -> {
        outstanding.decrementAndGet();
        answer.complete(new JsonObject().put("status", "Accepted"));
      });
      return answer.future();
    });
    String path = "/api/admin/chargers/" + chargerId + "/change-configuration";
    Future<HttpResponse<Buffer>> first = api.request(io.vertx.core.http.HttpMethod.POST, path, admin)
        .sendJsonObject(new JsonObject().put("key", "HeartbeatInterval").put("value", "60"));
    Future<HttpResponse<Buffer>> second = api.request(io.vertx.core.http.HttpMethod.POST, path, admin)
        .sendJsonObject(new JsonObject().put("key", "MeterValueSampleInterval").put("value", "30"));
    ApiFixture.await(Future.all(first, second));
    assertEquals(200, first.result().statusCode(), first.result().bodyAsString());
    assertEquals(200, second.result().statusCode(), second.result().bodyAsString());
    assertEquals(1, mostAtOnce.get(), "the charger saw two CALLs outstanding at once");
    long changeCalls = charger.receivedCalls().stream().filter(c -> c.getString("action").equals("ChangeConfiguration")).count();
    assertTrue(changeCalls >= 2);
  }

  @Test
  void theCompatibilityRequestCarriesTheChargersPayload() throws Exception {
    charger.onCall("GetConfiguration", payload -> Future.succeededFuture(new JsonObject()
        .put("configurationKey", new JsonArray().add(new JsonObject().put("key", "HeartbeatInterval")
            .put("readonly", false).put("value", "300")))));
    HttpResponse<Buffer> response = api.post("/api/charge-points/CP-RT-1/request", admin, new JsonObject()
        .put("action", "GetConfiguration").put("payload", new JsonObject()));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("300", response.bodyAsJsonObject().getJsonObject("ocpp_response").getJsonArray("configurationKey")
        .getJsonObject(0).getString("value"));
    // An action the CSMS may not send is refused before anything reaches the charger.
    assertError(api.post("/api/charge-points/CP-RT-1/request", admin, new JsonObject()
        .put("action", "BootNotification").put("payload", new JsonObject())), 422, "/api/charge-points/CP-RT-1/request");
  }
}
