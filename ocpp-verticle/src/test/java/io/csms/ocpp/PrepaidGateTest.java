package io.csms.ocpp;

import static io.csms.ocpp.OcppTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.csms.testing.OcppTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With {@code billing.prepaidGate} on, a driver whose wallet is below the minimum is Blocked. */
@ExtendWith(VertxExtension.class)
class PrepaidGateTest {
  private static OcppTestNode node;
  private static OcppTestClient cp;

  @BeforeAll
  static void start(Vertx vertx) {
    node = OcppTestNode.start(vertx, new JsonObject(), new JsonObject().put("billing",
        new JsonObject().put("prepaidGate", true).put("prepaidMinimumBalance", "10.00")));
    node.addCharger("CP-PREPAID");
    node.sql("INSERT INTO users (name, rfid_id_tag) VALUES ('Rich', 'TAG-RICH'), ('Poor', 'TAG-POOR'), "
        + "('Exact', 'TAG-EXACT'), ('Nowallet', 'TAG-NOWALLET')");
    node.sql("INSERT INTO wallets (user_id, balance) SELECT id, 50.00 FROM users WHERE rfid_id_tag = 'TAG-RICH'");
    node.sql("INSERT INTO wallets (user_id, balance) SELECT id, 9.99 FROM users WHERE rfid_id_tag = 'TAG-POOR'");
    node.sql("INSERT INTO wallets (user_id, balance) SELECT id, 10.00 FROM users WHERE rfid_id_tag = 'TAG-EXACT'");
    cp = node.connect("CP-PREPAID");
  }

  @AfterAll
  static void stop() {
    await(cp.close());
    node.close();
  }

  private static String authorize(String idTag) {
    return await(cp.call("Authorize", new JsonObject().put("idTag", idTag))).getJsonObject("idTagInfo")
        .getString("status");
  }

  @Test
  void aBalanceBelowTheMinimumIsBlocked() {
    assertEquals("Accepted", authorize("TAG-RICH"));
    assertEquals("Accepted", authorize("TAG-EXACT"));
    assertEquals("Blocked", authorize("TAG-POOR"));
    assertEquals("Blocked", authorize("TAG-NOWALLET"));
  }

  @Test
  void aStartBelowTheMinimumIsBlockedButRecorded() {
    JsonObject started = await(cp.call("StartTransaction", new JsonObject().put("connectorId", 1)
        .put("idTag", "TAG-POOR").put("meterStart", 0).put("timestamp", OffsetDateTime.now(ZoneOffset.UTC).toString())));
    assertEquals("Blocked", started.getJsonObject("idTagInfo").getString("status"));
    assertEquals("Blocked", node.sql("SELECT id_tag_status FROM charging_transactions WHERE id = ?",
        started.getLong("transactionId")));
  }
}
