package io.csms.persistence.transaction;

import static io.csms.bus.PersistenceAddresses.CHARGER_BOOT;
import static io.csms.bus.PersistenceAddresses.TRANSACTION_START;
import static io.csms.bus.PersistenceAddresses.TRANSACTION_STOP;
import static io.csms.persistence.PersistenceBus.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.csms.bus.BusFailure;
import io.csms.persistence.DeployedPersistence;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionStoreTest extends DeployedPersistence {

  @Test
  void startLinksTheDriverAndARetryIsTheSameSession() {
    long chargerId = bus.charger("CS-START");
    long userId = bus.driver("TAG-START", "10.00");
    JsonObject first = bus.request(TRANSACTION_START, start("CS-START", 1, "tag-start", 1000, "2025-03-01T10:00:00Z"));
    assertEquals(false, first.getBoolean("duplicate"));
    long id = first.getLong("transactionId");
    // The same StartTransaction again, with the same instant written in another offset.
    JsonObject retry = bus.request(TRANSACTION_START, start("CS-START", 1, "tag-start", 1000, "2025-03-01T15:30:00+05:30"));
    assertEquals(true, retry.getBoolean("duplicate"));
    assertEquals(id, retry.getLong("transactionId"));

    Map<String, Object> tx = bus.row("SELECT charger_id, connector_id, user_id, id_tag, id_tag_status, reservation_id, "
        + "meter_start_wh, status, start_time = '2025-03-01T10:00:00Z' AS at FROM charging_transactions WHERE id = ?", id);
    assertEquals(chargerId, tx.get("charger_id"));
    assertEquals(userId, tx.get("user_id"));
    assertEquals("tag-start", tx.get("id_tag"));
    assertEquals("Accepted", tx.get("id_tag_status"));
    assertEquals(7, tx.get("reservation_id"));
    assertEquals(0, new BigDecimal("1000").compareTo((BigDecimal) tx.get("meter_start_wh")));
    assertEquals("RUNNING", tx.get("status"));
    assertEquals(true, tx.get("at"));
    assertEquals(1, bus.count("SELECT count(*) FROM charging_transactions WHERE charger_id = ?", chargerId));
  }

  @Test
  void anUnknownIdTagStartsASessionWithoutDriver() {
    bus.charger("CS-ANON");
    long id = bus.request(TRANSACTION_START, start("CS-ANON", 1, "STRANGER", 0, "2025-03-01T10:00:00Z")
        .put("idTagStatus", "Invalid")).getLong("transactionId");
    Map<String, Object> tx = bus.row("SELECT user_id, id_tag_status FROM charging_transactions WHERE id = ?", id);
    assertNull(tx.get("user_id"));
    assertEquals("Invalid", tx.get("id_tag_status"));
  }

  @Test
  void concurrentIdenticalStartsMakeOneSession() {
    long chargerId = bus.charger("CS-RACE");
    List<Future<Message<JsonObject>>> starts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      starts.add(vertx.eventBus().request(TRANSACTION_START, start("CS-RACE", 2, "TAG-RACE", 500, "2025-03-01T10:00:00Z")));
    }
    await(Future.all(starts));
    long id = starts.get(0).result().body().getLong("transactionId");
    long fresh = 0;
    for (Future<Message<JsonObject>> f : starts) {
      assertEquals(id, f.result().body().getLong("transactionId"));
      fresh += f.result().body().getBoolean("duplicate") ? 0 : 1;
    }
    assertEquals(1, fresh, "exactly one start is not a duplicate");
    assertEquals(1, bus.count("SELECT count(*) FROM charging_transactions WHERE charger_id = ?", chargerId));
  }

  @Test
  void aNewSessionOnABusyConnectorParksTheOlderOne() {
    bus.charger("CS-SUPERSEDE");
    long older = bus.session("CS-SUPERSEDE", 1, "A", 100, "2025-03-01T10:00:00Z");
    long other = bus.session("CS-SUPERSEDE", 2, "B", 100, "2025-03-01T10:00:00Z");
    long newer = bus.session("CS-SUPERSEDE", 1, "C", 900, "2025-03-01T11:00:00Z");
    assertEquals("PENDING_RECONCILIATION", statusOf(older));
    assertEquals("RUNNING", statusOf(other));
    assertEquals("RUNNING", statusOf(newer));
    // Its StopTransaction, arriving late, still completes it with the charger's values.
    JsonObject stop = bus.request(TRANSACTION_STOP, stop("CS-SUPERSEDE", older, 800, "2025-03-01T10:50:00Z"));
    assertEquals("STOPPED", stop.getString("outcome"));
    assertEquals("700", stop.getString("energyWh"));
  }

  @Test
  void startWithBadInputWritesNothing() {
    long chargerId = bus.charger("CS-START-BAD");
    assertEquals(BusFailure.INVALID, bus.failureCode(TRANSACTION_START,
        start("CS-START-BAD", 1, "T", 0, "2025-03-01T10:00:00")));
    assertEquals(BusFailure.INVALID, bus.failureCode(TRANSACTION_START,
        start("CS-START-BAD", 1, "T", 0, "2025-03-01T10:00:00Z").put("meterStart", "12")));
    assertEquals(BusFailure.INVALID, bus.failureCode(TRANSACTION_START,
        start("CS-START-BAD", 1, "T", 0, "2025-03-01T10:00:00Z").put("meterStart", 12.5)));
    assertEquals(BusFailure.INVALID, bus.failureCode(TRANSACTION_START,
        start("CS-START-BAD", 0, "T", 0, "2025-03-01T10:00:00Z")));
    assertEquals(BusFailure.INVALID, bus.failureCode(TRANSACTION_START,
        start("CS-START-BAD", 1, null, 0, "2025-03-01T10:00:00Z")));
    assertEquals(BusFailure.NOT_FOUND, bus.failureCode(TRANSACTION_START,
        start("CS-NOT-THERE", 1, "T", 0, "2025-03-01T10:00:00Z")));
    assertEquals(0, bus.count("SELECT count(*) FROM charging_transactions WHERE charger_id = ?", chargerId));
  }

  @Test
  void stopRecordsTheChargersValuesAndItsMeterValuesOnce() {
    long chargerId = bus.charger("CS-STOP");
    long id = bus.session("CS-STOP", 1, "TAG", 1000, "2025-03-01T10:00:00Z");
    Future<JsonObject> event = bus.stoppedEvent(id);
    JsonObject reply = bus.request(TRANSACTION_STOP, stop("CS-STOP", id, 8500, "2025-03-01T11:00:00Z")
        .put("idTag", "TAG").put("reason", "Local")
        .put("transactionData", new JsonArray().add(new JsonObject().put("timestamp", "2025-03-01T10:30:00Z")
            .put("sampledValue", new JsonArray().add(new JsonObject().put("value", "4.2").put("unit", "kWh"))))));
    assertEquals(new JsonObject().put("outcome", "STOPPED").put("energyWh", "7500"), reply);
    assertEquals(new JsonObject().put("transactionId", id).put("chargePointId", "CS-STOP"), await(event));

    Map<String, Object> tx = bus.row("SELECT status, stop_source, meter_stop_wh, energy_wh, stop_reason, stop_id_tag, "
        + "stop_time = '2025-03-01T11:00:00Z' AS at FROM charging_transactions WHERE id = ?", id);
    assertEquals("STOPPED", tx.get("status"));
    assertEquals("CHARGER", tx.get("stop_source"));
    assertEquals(0, new BigDecimal("8500").compareTo((BigDecimal) tx.get("meter_stop_wh")));
    assertEquals(0, new BigDecimal("7500").compareTo((BigDecimal) tx.get("energy_wh")));
    assertEquals("Local", tx.get("stop_reason"));
    assertEquals("TAG", tx.get("stop_id_tag"));
    assertEquals(true, tx.get("at"));
    assertEquals(0, new BigDecimal("4200").compareTo((BigDecimal) bus.value(
        "SELECT normalized_value FROM meter_values WHERE transaction_id = ? AND charger_id = ? AND connector_id = 1",
        id, chargerId)));

    // The charger retries the stop: nothing changes, no second meter row.
    JsonObject again = bus.request(TRANSACTION_STOP, stop("CS-STOP", id, 9999, "2025-03-01T11:05:00Z")
        .put("transactionData", new JsonArray().add(new JsonObject().put("timestamp", "2025-03-01T10:30:00Z")
            .put("sampledValue", new JsonArray().add(new JsonObject().put("value", "4.2").put("unit", "kWh"))))));
    assertEquals(new JsonObject().put("outcome", "ALREADY_STOPPED").put("energyWh", "7500"), again);
    assertEquals(0, new BigDecimal("8500").compareTo((BigDecimal) bus.value(
        "SELECT meter_stop_wh FROM charging_transactions WHERE id = ?", id)));
    assertEquals(1, bus.count("SELECT count(*) FROM meter_values WHERE transaction_id = ?", id));
  }

  @Test
  void aStopForAnotherChargersTransactionIsUnknownAndChangesNothing() {
    bus.charger("CS-OWNER");
    bus.charger("CS-INTRUDER");
    long id = bus.session("CS-OWNER", 1, "TAG", 0, "2025-03-01T10:00:00Z");
    assertEquals(new JsonObject().put("outcome", "UNKNOWN_TRANSACTION"),
        bus.request(TRANSACTION_STOP, stop("CS-INTRUDER", id, 100, "2025-03-01T11:00:00Z")));
    assertEquals(new JsonObject().put("outcome", "UNKNOWN_TRANSACTION"),
        bus.request(TRANSACTION_STOP, stop("CS-OWNER", 987654321, 100, "2025-03-01T11:00:00Z")));
    assertEquals("RUNNING", statusOf(id));
  }

  @Test
  void stopWithBadInputWritesNothing() {
    bus.charger("CS-STOP-BAD");
    long id = bus.session("CS-STOP-BAD", 1, "TAG", 0, "2025-03-01T10:00:00Z");
    assertEquals(BusFailure.INVALID, bus.failureCode(TRANSACTION_STOP, stop("CS-STOP-BAD", id, 100, "11:00")));
    assertEquals(BusFailure.INVALID, bus.failureCode(TRANSACTION_STOP,
        stop("CS-STOP-BAD", id, 100, "2025-03-01T11:00:00Z").put("transactionId", "x")));
    // One malformed sampled value refuses the whole stop: the session stays open.
    assertEquals(BusFailure.INVALID, bus.failureCode(TRANSACTION_STOP, stop("CS-STOP-BAD", id, 100, "2025-03-01T11:00:00Z")
        .put("transactionData", new JsonArray().add(new JsonObject().put("timestamp", "2025-03-01T10:30:00")
            .put("sampledValue", new JsonArray().add(new JsonObject().put("value", "1")))))));
    assertEquals("RUNNING", statusOf(id));
    assertEquals(0, bus.count("SELECT count(*) FROM meter_values WHERE transaction_id = ?", id));
  }

  @Test
  void aRebootParksTheSessionAndTheStopTransactionCompletesIt() {
    bus.charger("CS-REBOOT");
    long id = bus.session("CS-REBOOT", 1, "TAG", 2000, "2025-03-01T10:00:00Z");
    JsonObject boot = new JsonObject().put("chargePointId", "CS-REBOOT").put("chargePointVendor", "Acme")
        .put("chargePointModel", "X").put("receivedAt", "2025-03-01T10:30:00Z");
    assertEquals(1, bus.request(CHARGER_BOOT, boot).getInteger("pendingReconciliation"));
    assertEquals("PENDING_RECONCILIATION", statusOf(id));

    Future<JsonObject> event = bus.stoppedEvent(id);
    JsonObject reply = bus.request(TRANSACTION_STOP, stop("CS-REBOOT", id, 5000, "2025-03-01T10:29:00Z")
        .put("reason", "Reboot"));
    assertEquals("STOPPED", reply.getString("outcome"));
    assertEquals("3000", reply.getString("energyWh"));
    await(event);
    assertEquals(Map.of("status", "STOPPED", "stop_source", "CHARGER", "stop_reason", "Reboot"),
        bus.row("SELECT status, stop_source, stop_reason FROM charging_transactions WHERE id = ?", id));
  }

  @Test
  void aLateStopReplacesTheReconciledEstimateAndKeepsABilledSessionCompleted() {
    long chargerId = bus.charger("CS-LATE");
    long stopped = reconciled(chargerId, "STOPPED");
    long billed = reconciled(chargerId, "COMPLETED");

    Future<JsonObject> event = bus.stoppedEvent(stopped);
    assertEquals(new JsonObject().put("outcome", "LATE_STOP").put("energyWh", "4000"),
        bus.request(TRANSACTION_STOP, stop("CS-LATE", stopped, 5000, "2025-03-01T10:40:00Z").put("reason", "EVDisconnected")));
    await(event);
    Map<String, Object> tx = bus.row("SELECT status, stop_source, meter_stop_wh, energy_wh, stop_reason, "
        + "stop_time = '2025-03-01T10:40:00Z' AS at FROM charging_transactions WHERE id = ?", stopped);
    assertEquals("STOPPED", tx.get("status"));
    assertEquals("CHARGER", tx.get("stop_source"));
    assertEquals(0, new BigDecimal("5000").compareTo((BigDecimal) tx.get("meter_stop_wh")));
    assertEquals(0, new BigDecimal("4000").compareTo((BigDecimal) tx.get("energy_wh")));
    assertEquals("EVDisconnected", tx.get("stop_reason"));
    assertEquals(true, tx.get("at"));

    Future<JsonObject> billedEvent = bus.stoppedEvent(billed);
    assertEquals("LATE_STOP", bus.request(TRANSACTION_STOP, stop("CS-LATE", billed, 6000, "2025-03-01T10:40:00Z"))
        .getString("outcome"));
    await(billedEvent);
    assertEquals(Map.of("status", "COMPLETED", "stop_source", "CHARGER"),
        bus.row("SELECT status, stop_source FROM charging_transactions WHERE id = ?", billed));
    // Once the charger's values are in, a retry is an ordinary repeated stop.
    assertEquals("ALREADY_STOPPED", bus.request(TRANSACTION_STOP, stop("CS-LATE", billed, 6000, "2025-03-01T10:40:00Z"))
        .getString("outcome"));
  }

  /** A session that reconciliation closed at 2500 Wh, then left in {@code status}. */
  private static long reconciled(long chargerId, String status) {
    return ((Number) bus.value("INSERT INTO charging_transactions (charger_id, connector_id, id_tag, meter_start_wh, "
        + "start_time, meter_stop_wh, energy_wh, stop_time, stop_source, stop_reason, status) "
        + "VALUES (?, 1, ?, 1000, now() - interval '1 hour', 2500, 1500, now(), 'RECONCILED', "
        + "'Reconciled', ?) RETURNING id", chargerId, "TAG-" + status, status)).longValue();
  }

  private static String statusOf(long id) {
    return (String) bus.value("SELECT status FROM charging_transactions WHERE id = ?", id);
  }

  static JsonObject start(String chargePointId, int connectorId, String idTag, long meterStart, String timestamp) {
    return new JsonObject().put("chargePointId", chargePointId).put("connectorId", connectorId).put("idTag", idTag)
        .put("meterStart", meterStart).put("timestamp", timestamp).put("reservationId", 7)
        .put("idTagStatus", "Accepted");
  }

  static JsonObject stop(String chargePointId, long transactionId, long meterStop, String timestamp) {
    return new JsonObject().put("chargePointId", chargePointId).put("transactionId", transactionId)
        .put("meterStop", meterStop).put("timestamp", timestamp);
  }
}
