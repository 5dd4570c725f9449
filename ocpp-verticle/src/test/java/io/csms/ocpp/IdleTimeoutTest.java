package io.csms.ocpp;

import static io.csms.ocpp.OcppTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.csms.bus.EventAddresses;
import io.csms.testing.OcppTestClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A connection silent beyond the idle time-out is closed by the CSMS, and the charge point marked offline. */
@ExtendWith(VertxExtension.class)
class IdleTimeoutTest {
  private static OcppTestNode node;

  @BeforeAll
  static void start(Vertx vertx) {
    // Closed after a second of silence; pings far apart so that the test client stays silent.
    node = OcppTestNode.start(vertx, new JsonObject().put("idleTimeoutSeconds", 1).put("pingIntervalSeconds", 60),
        new JsonObject());
    node.addCharger("CP-IDLE");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aSilentConnectionIsClosedAfterTheIdleTimeout() {
    Future<JsonObject> disconnected = node.nextEvent(EventAddresses.CHARGER_DISCONNECTED, "CP-IDLE");
    Future<JsonObject> connected = node.nextEvent(EventAddresses.CHARGER_CONNECTED, "CP-IDLE");
    OcppTestClient cp = node.connect("CP-IDLE");
    assertEquals("test-node", await(connected).getString("nodeId"));
    assertEquals("ONLINE", node.sql("SELECT connection_status FROM chargers WHERE charge_point_id = 'CP-IDLE'"));

    await(cp.closed()); // nothing sent: the server closes it
    assertEquals("test-node", await(disconnected).getString("nodeId"));
    assertEquals("OFFLINE", node.sql("SELECT connection_status FROM chargers WHERE charge_point_id = 'CP-IDLE'"));
  }
}
