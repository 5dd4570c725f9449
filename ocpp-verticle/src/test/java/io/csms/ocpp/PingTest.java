package io.csms.ocpp;

import static io.csms.ocpp.OcppTestNode.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.testing.OcppTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The CSMS pings; a charge point that answers the pings stays connected, though it sends nothing else. */
@ExtendWith(VertxExtension.class)
class PingTest {
  private static OcppTestNode node;

  @BeforeAll
  static void start(Vertx vertx) {
    node = OcppTestNode.start(vertx, new JsonObject().put("idleTimeoutSeconds", 2).put("pingIntervalSeconds", 1),
        new JsonObject());
    node.addCharger("CP-PONGS");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void pongsKeepAQuietConnectionOpen() {
    // Pings every second, closed after two silent seconds: five pings later (about five seconds), a
    // connection that only answered pings is still open.
    OcppTestClient cp = node.connect("CP-PONGS");
    await(cp.pinged(5));
    assertFalse(cp.isClosed());
    assertTrue(await(cp.call("Heartbeat", new JsonObject())).containsKey("currentTime"));
    await(cp.close());
  }
}
