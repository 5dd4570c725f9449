package io.csms.ocpp;

import static io.csms.ocpp.OcppTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.csms.testing.OcppTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The audit log keeps each payload as the text that went over the wire, in and out. */
@ExtendWith(VertxExtension.class)
class FrameAuditTest {
  private static OcppTestNode node;

  @BeforeAll
  static void start(Vertx vertx) {
    node = OcppTestNode.start(vertx);
    node.addCharger("CP-AUDIT-TEXT");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aPayloadIsLoggedAsItWasWritten() {
    OcppTestClient cp = node.connect("CP-AUDIT-TEXT");
    // Braces and escaped quotes inside the strings before the payload, and the charge point's own spacing.
    String payload = "{ \"vendorId\" : \"acme {\\\"x\\\"}\",\n  \"data\" : \"[1, {2}]\" }";
    JsonArray answer = await(cp.sendRaw("[2 , \"id{\\\"1}\" ,\"DataTransfer\",  " + payload + " ]"));
    assertEquals(new JsonArray().add(3).add("id{\"1}").add(new JsonObject().put("status", "UnknownVendorId")),
        answer);
    await(cp.close());

    node.until("the answer is in the audit log", () -> node.count("SELECT count(*) FROM ocpp_frames "
        + "WHERE charge_point_id = 'CP-AUDIT-TEXT' AND direction = 'OUT'") == 1);
    assertEquals(payload, node.sql("SELECT payload::text FROM ocpp_frames "
        + "WHERE charge_point_id = 'CP-AUDIT-TEXT' AND direction = 'IN' AND message_id = ?", "id{\"1}"));
    assertEquals("{\"status\":\"UnknownVendorId\"}", node.sql("SELECT payload::text FROM ocpp_frames "
        + "WHERE charge_point_id = 'CP-AUDIT-TEXT' AND direction = 'OUT' AND message_id = ?", "id{\"1}"));
  }
}
