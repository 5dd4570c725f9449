package io.csms.ocpp;

import static io.csms.ocpp.OcppTestNode.await;
import static io.csms.ocpp.OcppTestNode.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.testing.OcppTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** When the store cannot answer, the charge point gets an InternalError (it retries) and keeps its connection. */
@ExtendWith(VertxExtension.class)
class PersistenceFailureTest {
  private static OcppTestNode node;

  @BeforeAll
  static void start(Vertx vertx) {
    node = OcppTestNode.start(vertx);
    node.addCharger("CP-NO-STORE");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aStoreOutageIsAnInternalErrorAndTheConnectionStays() {
    OcppTestClient cp = node.connect("CP-NO-STORE");
    assertTrue(await(cp.call("Heartbeat", new JsonObject())).containsKey("currentTime"));

    node.stopPersistence();
    OcppTestClient.CallError error = assertInstanceOf(OcppTestClient.CallError.class,
        failureOf(cp.call("Heartbeat", new JsonObject())));
    assertEquals("InternalError", error.errorCode());
    assertFalse(error.getMessage().contains("Exception"), error.getMessage());
    assertFalse(cp.isClosed());
    assertEquals("UnknownVendorId", await(cp.call("DataTransfer", new JsonObject().put("vendorId", "v")))
        .getString("status"));

    node.restartPersistence();
    assertTrue(await(cp.call("Heartbeat", new JsonObject())).containsKey("currentTime"), "the retry succeeds");
    await(cp.close());
  }
}
