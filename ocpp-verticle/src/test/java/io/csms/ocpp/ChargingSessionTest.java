package io.csms.ocpp;

import static io.csms.ocpp.OcppTestNode.await;
import static io.csms.ocpp.OcppTestNode.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.testing.OcppTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Charge points going through their sessions over a real socket, against the real persistence verticle: each
 * answer comes after the commit, so the rows are asserted right after it.
 */
@ExtendWith(VertxExtension.class)
class ChargingSessionTest {
  private static OcppTestNode node;

  @BeforeAll
  static void start(Vertx vertx) {
    node = OcppTestNode.start(vertx);
    for (String cp : List.of("CP-SESSION", "CP-DUP", "CP-REBOOT", "CP-AUTH", "CP-STOPS", "CP-AUDIT")) {
      node.addCharger(cp);
    }
    node.sql("INSERT INTO users (name, rfid_id_tag, parent_id_tag) VALUES ('Asha', 'TAG-OK', 'FLEET-1')");
    node.sql("INSERT INTO users (name, rfid_id_tag, active) VALUES ('Ravi', 'TAG-INACTIVE', false)");
    node.sql("INSERT INTO users (name, rfid_id_tag, id_tag_expires_at) VALUES ('Mira', 'TAG-EXPIRED', ?)",
        OffsetDateTime.now(ZoneOffset.UTC).minusDays(1));
    node.sql("INSERT INTO users (name, rfid_id_tag, id_tag_expires_at) VALUES ('Dev', 'TAG-VALID-UNTIL', ?)",
        OffsetDateTime.now(ZoneOffset.UTC).plusDays(30));
    // Each test starts its transactions with its own tag, so no test sees another's running transaction.
    for (String tag : List.of("TAG-BUSY", "TAG-DUP", "TAG-REBOOT", "TAG-STOPS")) {
      node.sql("INSERT INTO users (name, rfid_id_tag) VALUES (?, ?)", "Driver " + tag, tag);
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String now() {
    return OffsetDateTime.now(ZoneOffset.UTC).toString();
  }

  private static JsonObject energy(String value, String unit) {
    return new JsonObject().put("timestamp", now()).put("sampledValue", new JsonArray()
        .add(new JsonObject().put("value", value).put("unit", unit).put("measurand", "Energy.Active.Import.Register")));
  }

  private static JsonObject boot(OcppTestClient cp) {
    return await(cp.call("BootNotification", new JsonObject().put("chargePointVendor", "Acme")
        .put("chargePointModel", "AC-22").put("chargePointSerialNumber", "SN-1").put("firmwareVersion", "1.2.3")));
  }

  private static long start(OcppTestClient cp, int connectorId, String idTag, int meterStart, String timestamp) {
    return await(cp.call("StartTransaction", new JsonObject().put("connectorId", connectorId).put("idTag", idTag)
        .put("meterStart", meterStart).put("timestamp", timestamp))).getLong("transactionId");
  }

  private static String status(JsonObject answer) {
    return answer.getJsonObject("idTagInfo").getString("status");
  }

  @Test
  void aFullSessionIsStoredBeforeEachAnswer() {
    OcppTestClient cp = node.connect("CP-SESSION");
    JsonObject boot = boot(cp);
    assertEquals("Accepted", boot.getString("status"));
    assertEquals(300, boot.getInteger("interval"));
    assertEquals(ZoneOffset.UTC, OffsetDateTime.parse(boot.getString("currentTime")).getOffset());
    assertEquals("Acme", node.sql("SELECT vendor FROM chargers WHERE charge_point_id = 'CP-SESSION'"));
    assertEquals("SN-1", node.sql("SELECT serial_number FROM chargers WHERE charge_point_id = 'CP-SESSION'"));
    assertEquals("1.2.3", node.sql("SELECT firmware_version FROM chargers WHERE charge_point_id = 'CP-SESSION'"));

    assertTrue(await(cp.call("Heartbeat", new JsonObject())).containsKey("currentTime"));
    assertNotNull(node.sql("SELECT last_heartbeat_at FROM chargers WHERE charge_point_id = 'CP-SESSION'"));

    await(cp.call("StatusNotification", new JsonObject().put("connectorId", 1).put("status", "Available")
        .put("errorCode", "NoError").put("timestamp", now())));
    assertEquals("Available", node.sql("SELECT k.status FROM connectors k JOIN chargers c ON c.id = k.charger_id "
        + "WHERE c.charge_point_id = 'CP-SESSION' AND k.connector_id = 1"));

    JsonObject authorize = await(cp.call("Authorize", new JsonObject().put("idTag", "TAG-OK")));
    assertEquals("Accepted", status(authorize));
    assertEquals("FLEET-1", authorize.getJsonObject("idTagInfo").getString("parentIdTag"));

    JsonObject started = await(cp.call("StartTransaction", new JsonObject().put("connectorId", 1)
        .put("idTag", "TAG-OK").put("meterStart", 1000).put("timestamp", "2026-11-24T15:30:00+05:30")));
    assertEquals("Accepted", status(started));
    long transactionId = started.getLong("transactionId");
    assertEquals("RUNNING", node.sql("SELECT status FROM charging_transactions WHERE id = ?", transactionId));
    assertEquals(true, node.sql("SELECT start_time = '2026-11-24T10:00:00Z'::timestamptz FROM charging_transactions "
        + "WHERE id = ?", transactionId), "the timestamp's offset is honoured");

    await(cp.call("MeterValues", new JsonObject().put("connectorId", 1).put("transactionId", transactionId)
        .put("meterValue", new JsonArray().add(energy("2.5", "kWh")).add(energy("3000", "Wh")))));
    assertEquals(2, node.count("SELECT count(*) FROM meter_values WHERE transaction_id = ?", transactionId));

    JsonObject stopped = await(cp.call("StopTransaction", new JsonObject().put("transactionId", transactionId)
        .put("idTag", "TAG-OK").put("meterStop", 5000).put("timestamp", now()).put("reason", "Local")
        .put("transactionData", new JsonArray().add(energy("5000", "Wh")))));
    assertEquals("Accepted", status(stopped));
    assertEquals("STOPPED", node.sql("SELECT status FROM charging_transactions WHERE id = ?", transactionId));
    assertEquals(0, new BigDecimal("4000").compareTo((BigDecimal) node.sql(
        "SELECT energy_wh FROM charging_transactions WHERE id = ?", transactionId)));
    assertEquals("Local", node.sql("SELECT stop_reason FROM charging_transactions WHERE id = ?", transactionId));
    assertEquals(3, node.count("SELECT count(*) FROM meter_values WHERE transaction_id = ?", transactionId));
    assertEquals(List.of(), cp.protocolViolations());
    await(cp.close());
  }

  @Test
  void aRetriedStartTransactionGetsTheSameTransaction() {
    OcppTestClient cp = node.connect("CP-DUP");
    boot(cp);
    String timestamp = now();
    long first = start(cp, 1, "TAG-DUP", 500, timestamp);
    long retry = start(cp, 1, "TAG-DUP", 500, timestamp);
    assertEquals(first, retry);
    assertEquals(1, node.count("SELECT count(*) FROM charging_transactions t JOIN chargers c ON c.id = t.charger_id "
        + "WHERE c.charge_point_id = 'CP-DUP'"));
    await(cp.close());
  }

  @Test
  void aRebootMidTransactionThenItsStopCompletesIt() {
    OcppTestClient cp = node.connect("CP-REBOOT");
    boot(cp);
    long transactionId = start(cp, 2, "TAG-REBOOT", 0, now());
    await(cp.close());

    cp = node.connect("CP-REBOOT");
    boot(cp);
    assertEquals("PENDING_RECONCILIATION",
        node.sql("SELECT status FROM charging_transactions WHERE id = ?", transactionId));
    JsonObject stopped = await(cp.call("StopTransaction", new JsonObject().put("transactionId", transactionId)
        .put("meterStop", 2000).put("timestamp", now()).put("reason", "Reboot")));
    assertEquals(new JsonObject(), stopped, "no idTag given, no idTagInfo");
    assertEquals("STOPPED", node.sql("SELECT status FROM charging_transactions WHERE id = ?", transactionId));
    assertEquals("CHARGER", node.sql("SELECT stop_source FROM charging_transactions WHERE id = ?", transactionId));
    assertEquals(0, new BigDecimal("2000").compareTo((BigDecimal) node.sql(
        "SELECT meter_stop_wh FROM charging_transactions WHERE id = ?", transactionId)));
    await(cp.close());
  }

  @Test
  void authorizeAnswersEachStatus() {
    OcppTestClient cp = node.connect("CP-AUTH");
    boot(cp);
    assertEquals("Accepted", status(await(cp.call("Authorize", new JsonObject().put("idTag", "TAG-OK")))));
    assertEquals("Blocked", status(await(cp.call("Authorize", new JsonObject().put("idTag", "TAG-INACTIVE")))));
    assertEquals("Invalid", status(await(cp.call("Authorize", new JsonObject().put("idTag", "TAG-NOBODY")))));
    JsonObject expired = await(cp.call("Authorize", new JsonObject().put("idTag", "TAG-EXPIRED")));
    assertEquals("Expired", status(expired));
    assertNotNull(expired.getJsonObject("idTagInfo").getString("expiryDate"));
    JsonObject valid = await(cp.call("Authorize", new JsonObject().put("idTag", "TAG-VALID-UNTIL")));
    assertEquals("Accepted", status(valid));
    assertTrue(OffsetDateTime.parse(valid.getJsonObject("idTagInfo").getString("expiryDate"))
        .isAfter(OffsetDateTime.now()));

    start(cp, 1, "TAG-BUSY", 0, now());
    assertEquals("ConcurrentTx", status(await(cp.call("Authorize", new JsonObject().put("idTag", "TAG-BUSY")))));
    assertEquals(List.of(), cp.protocolViolations());
    await(cp.close());
  }

  @Test
  void aSessionWithARefusedTagIsStillRecorded() {
    OcppTestClient cp = node.connect("CP-AUTH");
    JsonObject started = await(cp.call("StartTransaction", new JsonObject().put("connectorId", 3)
        .put("idTag", "TAG-INACTIVE").put("meterStart", 0).put("timestamp", now())));
    assertEquals("Blocked", status(started));
    assertEquals("Blocked", node.sql("SELECT id_tag_status FROM charging_transactions WHERE id = ?",
        started.getLong("transactionId")));

    // Its stop is stored too, and answered with the tag's status.
    JsonObject stopped = await(cp.call("StopTransaction", new JsonObject().put("transactionId",
        started.getLong("transactionId")).put("idTag", "TAG-INACTIVE").put("meterStop", 250).put("timestamp", now())));
    assertEquals("Blocked", status(stopped));
    assertEquals("STOPPED", node.sql("SELECT status FROM charging_transactions WHERE id = ?",
        started.getLong("transactionId")));
    await(cp.close());
  }

  @Test
  void everyStopOutcomeIsANormalAnswer() {
    OcppTestClient cp = node.connect("CP-STOPS");
    boot(cp);
    JsonObject unknown = await(cp.call("StopTransaction", new JsonObject().put("transactionId", 987654)
        .put("meterStop", 10).put("timestamp", now()).put("idTag", "TAG-STOPS")));
    assertEquals("Accepted", status(unknown));

    long transactionId = start(cp, 1, "TAG-STOPS", 0, now());
    JsonObject stop = new JsonObject().put("transactionId", transactionId).put("meterStop", 700).put("timestamp", now());
    assertEquals(new JsonObject(), await(cp.call("StopTransaction", stop)));
    assertEquals(new JsonObject(), await(cp.call("StopTransaction", stop)), "a retried stop");
    assertEquals(0, new BigDecimal("700").compareTo((BigDecimal) node.sql(
        "SELECT energy_wh FROM charging_transactions WHERE id = ?", transactionId)));
    await(cp.close());
  }

  @Test
  void reportsAndDataTransferAreAnswered() {
    OcppTestClient cp = node.connect("CP-STOPS");
    assertEquals(new JsonObject(), await(cp.call("DiagnosticsStatusNotification",
        new JsonObject().put("status", "Uploaded"))));
    assertEquals(new JsonObject(), await(cp.call("FirmwareStatusNotification",
        new JsonObject().put("status", "Installed"))));
    assertEquals("UnknownVendorId", await(cp.call("DataTransfer", new JsonObject().put("vendorId", "com.acme")
        .put("messageId", "x").put("data", "y"))).getString("status"));
    assertEquals(List.of(), cp.protocolViolations());
    await(cp.close());
  }

  @Test
  void everyFrameInAndOutIsAudited() {
    OcppTestClient cp = node.connect("CP-AUDIT");
    boot(cp);
    assertEquals("FormationViolation", await(cp.sendRaw("not json at all")).getString(2));
    OcppTestClient.CallError error = assertInstanceOf(OcppTestClient.CallError.class,
        failureOf(cp.call("Authorize", new JsonObject())));
    assertEquals("OccurenceConstraintViolation", error.errorCode());
    await(cp.close());

    // The audit log is written in batches after the answers: no event to wait on, so poll with a deadline.
    node.until("six frames of CP-AUDIT are in the audit log",
        () -> node.count("SELECT count(*) FROM ocpp_frames WHERE charge_point_id = 'CP-AUDIT'") >= 6);
    assertEquals(3, node.count("SELECT count(*) FROM ocpp_frames WHERE charge_point_id = 'CP-AUDIT' "
        + "AND direction = 'IN' AND message_type = 2"));
    assertEquals(1, node.count("SELECT count(*) FROM ocpp_frames WHERE charge_point_id = 'CP-AUDIT' "
        + "AND direction = 'OUT' AND message_type = 3 AND action = 'BootNotification'"));
    assertEquals(2, node.count("SELECT count(*) FROM ocpp_frames WHERE charge_point_id = 'CP-AUDIT' "
        + "AND direction = 'OUT' AND message_type = 4"));
    assertEquals("not json at all", node.sql("SELECT payload #>> '{}' FROM ocpp_frames "
        + "WHERE charge_point_id = 'CP-AUDIT' AND direction = 'IN' AND message_id = '-1'"));
    assertNull(node.sql("SELECT action FROM ocpp_frames WHERE charge_point_id = 'CP-AUDIT' AND message_id = '-1' "
        + "AND direction = 'IN'"));
    // Stored one row per exchange: each CALL with its answer.
    assertEquals(3, node.count("SELECT count(*) FROM ocpp_messages WHERE charge_point_id = 'CP-AUDIT'"));
  }
}
