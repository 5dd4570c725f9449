package io.csms.ocpp;

import static io.csms.ocpp.OcppTestNode.await;
import static io.csms.ocpp.OcppTestNode.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.csms.testing.OcppTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who gets a WebSocket: decided at the HTTP upgrade, before any WebSocket exists. */
@ExtendWith(VertxExtension.class)
class HandshakeTest {
  private static OcppTestNode node;

  @BeforeAll
  static void start(Vertx vertx) {
    node = OcppTestNode.start(vertx);
    node.addCharger("CP-KNOWN");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static int refusal(Throwable failure) {
    return assertInstanceOf(UpgradeRejectedException.class, failure).getStatus();
  }

  @Test
  void aRegisteredChargePointGetsOcpp16() {
    OcppTestClient cp = node.connect("CP-KNOWN");
    assertEquals("ocpp1.6", cp.subProtocol());
    assertEquals("Accepted", await(cp.call("BootNotification", new JsonObject()
        .put("chargePointVendor", "Acme").put("chargePointModel", "One"))).getString("status"));
    await(cp.close());
  }

  @Test
  void anUnknownChargePointIsRefusedWith404() {
    assertEquals(404, refusal(failureOf(OcppTestClient.connect(node.vertx, node.url(), "CP-STRANGER"))));
  }

  @Test
  void aHandshakeWithoutTheOcpp16SubprotocolIsRefusedWith400() {
    assertEquals(400, refusal(failureOf(OcppTestClient.connect(node.vertx, node.url(), "CP-KNOWN", List.of()))));
    assertEquals(400, refusal(failureOf(
        OcppTestClient.connect(node.vertx, node.url(), "CP-KNOWN", List.of("ocpp2.0.1")))));
  }

  @Test
  void theSubprotocolMayBeOneOfSeveralOffered() {
    OcppTestClient cp = await(OcppTestClient.connect(node.vertx, node.url(), "CP-KNOWN",
        List.of("ocpp2.0.1", "ocpp1.6")));
    assertEquals("ocpp1.6", cp.subProtocol());
    await(cp.close());
  }

  @Test
  void anotherPathIsRefusedWith404() {
    String base = "ws://127.0.0.1:" + node.ocpp.actualPort();
    assertEquals(404, refusal(failureOf(OcppTestClient.connect(node.vertx, base + "/other", "CP-KNOWN"))));
    assertEquals(404, refusal(failureOf(OcppTestClient.connect(node.vertx, base + "/ocpp/CP-KNOWN", "extra"))));
  }

  @Test
  void plainHttpIsNotFound() {
    var client = node.vertx.createHttpClient();
    int status = await(client.request(HttpMethod.GET, node.ocpp.actualPort(), "127.0.0.1", "/ocpp/CP-KNOWN")
        .compose(request -> request.send()).map(response -> response.statusCode()));
    assertEquals(404, status);
    await(client.close());
  }
}
