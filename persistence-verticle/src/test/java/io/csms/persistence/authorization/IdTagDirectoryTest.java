package io.csms.persistence.authorization;

import static io.csms.bus.PersistenceAddresses.IDTAG_LOOKUP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.csms.bus.BusFailure;
import io.csms.persistence.DeployedPersistence;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class IdTagDirectoryTest extends DeployedPersistence {

  @Test
  void aKnownCardAnswersItsDriverSessionsAndBalance() {
    long userId = bus.driver("CARD-1", "250.50");
    bus.execute("UPDATE users SET id_tag_expires_at = '2030-01-01T00:00:00+05:30', parent_id_tag = 'FLEET' "
        + "WHERE id = ?", userId);
    long chargerId = bus.charger("CS-AUTH");
    for (String status : new String[] {"RUNNING", "PENDING_RECONCILIATION", "STOPPED", "COMPLETED"}) {
      bus.execute("INSERT INTO charging_transactions (charger_id, connector_id, user_id, id_tag, meter_start_wh, "
          + "start_time, status) VALUES (?, 1, ?, ?, 0, now(), ?)", chargerId, userId, "CARD-1-" + status, status);
    }
    // idTags are case-insensitive in OCPP.
    JsonObject reply = bus.request(IDTAG_LOOKUP, new JsonObject().put("idTag", "card-1"));
    assertEquals(new JsonObject().put("known", true).put("userId", userId).put("active", true)
        .put("expiryDate", "2029-12-31T18:30:00Z").put("parentIdTag", "FLEET").put("runningTransactions", 2)
        .put("walletBalance", "250.50"), reply);
  }

  @Test
  void aDriverWithoutWalletHasZeroBalanceAndAnInactiveOneSaysSo() {
    long userId = ((Number) bus.value("INSERT INTO users (rfid_id_tag, active) VALUES ('NO-WALLET', false) "
        + "RETURNING id")).longValue();
    JsonObject reply = bus.request(IDTAG_LOOKUP, new JsonObject().put("idTag", "NO-WALLET"));
    assertEquals(userId, reply.getLong("userId"));
    assertEquals(false, reply.getBoolean("active"));
    assertEquals(0, reply.getInteger("runningTransactions"));
    assertEquals("0.00", reply.getString("walletBalance"));
  }

  @Test
  void anUnknownCardIsNotAFailureButBadInputIs() {
    assertEquals(new JsonObject().put("known", false),
        bus.request(IDTAG_LOOKUP, new JsonObject().put("idTag", "NOBODY")));
    assertEquals(BusFailure.INVALID, bus.failureCode(IDTAG_LOOKUP, new JsonObject()));
    assertEquals(BusFailure.INVALID, bus.failureCode(IDTAG_LOOKUP, new JsonObject().put("idTag", 42)));
  }
}
