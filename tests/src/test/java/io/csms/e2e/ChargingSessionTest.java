package io.csms.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.bus.EventAddresses;
import io.csms.testing.OcppTestClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A charge point's day against a whole node, through the real WebSocket endpoint, with the client
 * checking every answer against the official schemas and the test checking what was stored and billed.
 */
class ChargingSessionTest {
  static RunningNode node;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start();
    Sql.execute(node.db, "INSERT INTO tariffs (name, price_per_kwh, session_fee, is_default) VALUES ('Standard', 10.00, 0, true)");
    for (String cp : List.of("E2E-CP-1", "E2E-CP-2", "E2E-CP-3")) {
      Sql.execute(node.db, "INSERT INTO chargers (charge_point_id) VALUES (?)", cp);
    }
    Sql.execute(node.db, "INSERT INTO users (name, rfid_id_tag, role) VALUES ('Asha', 'TAG-ASHA', 'USER')");
    Sql.execute(node.db, "INSERT INTO wallets (user_id, balance) SELECT id, 500.00 FROM users WHERE rfid_id_tag = 'TAG-ASHA'");
    Sql.execute(node.db, "INSERT INTO wallet_ledger (wallet_id, entry_type, amount, balance_after, description) "
        + "SELECT id, 'TOP_UP', 500.00, 500.00, 'opening balance' FROM wallets");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** Completes with the first settlement event of this transaction (published after its commit). */
  private static Future<JsonObject> settlementOf(long transactionId) {
    Promise<JsonObject> settled = Promise.promise();
    MessageConsumer<JsonObject> consumer = node.node.vertx().eventBus().consumer(EventAddresses.TRANSACTION_SETTLED);
    consumer.handler(message -> {
      if (message.body().getLong("transactionId") == transactionId) {
        settled.tryComplete(message.body());
        consumer.unregister();
      }
    });
    Await.result(consumer.completion());
    return settled.future();
  }

  private static String now() {
    return OffsetDateTime.now(ZoneOffset.UTC).toString();
  }

  private static JsonObject energy(String value, String unit, String context) {
    return new JsonObject().put("timestamp", now()).put("sampledValue", new JsonArray()
        .add(new JsonObject().put("value", value).put("unit", unit).put("context", context)
            .put("measurand", "Energy.Active.Import.Register"))
        .add(new JsonObject().put("value", "7.2").put("unit", "kW").put("measurand", "Power.Active.Import")
            .put("context", context)));
  }

  @Test
  void aFullSessionIsStoredAndBilledOnce() {
    OcppTestClient cp = Await.result(OcppTestClient.connect(node.node.vertx(), node.ocppUrl(), "E2E-CP-1"));
    assertEquals("ocpp1.6", cp.subProtocol());

    JsonObject boot = Await.result(cp.call("BootNotification", new JsonObject()
        .put("chargePointVendor", "Acme").put("chargePointModel", "AC-22").put("chargePointSerialNumber", "SN-0001")
        .put("firmwareVersion", "1.2.3")));
    assertEquals("Accepted", boot.getString("status"));
    assertEquals(300, boot.getInteger("interval"));
    OffsetDateTime.parse(boot.getString("currentTime"));

    Await.result(cp.call("StatusNotification", new JsonObject().put("connectorId", 1)
        .put("status", "Available").put("errorCode", "NoError").put("timestamp", now())));
    JsonObject authorize = Await.result(cp.call("Authorize", new JsonObject().put("idTag", "TAG-ASHA")));
    assertEquals("Accepted", authorize.getJsonObject("idTagInfo").getString("status"));

    JsonObject start = Await.result(cp.call("StartTransaction", new JsonObject().put("connectorId", 1)
        .put("idTag", "TAG-ASHA").put("meterStart", 1000).put("timestamp", now())));
    assertEquals("Accepted", start.getJsonObject("idTagInfo").getString("status"));
    long transactionId = start.getLong("transactionId");

    Await.result(cp.call("StatusNotification", new JsonObject().put("connectorId", 1)
        .put("status", "Charging").put("errorCode", "NoError").put("timestamp", now())));
    Await.result(cp.call("MeterValues", new JsonObject().put("connectorId", 1).put("transactionId", transactionId)
        .put("meterValue", new JsonArray().add(energy("6.5", "kWh", "Sample.Periodic")))));

    Future<JsonObject> settled = settlementOf(transactionId);
    JsonObject stop = Await.result(cp.call("StopTransaction", new JsonObject().put("transactionId", transactionId)
        .put("idTag", "TAG-ASHA").put("meterStop", 13500).put("timestamp", now()).put("reason", "Local")
        .put("transactionData", new JsonArray().add(energy("13500", "Wh", "Transaction.End")))));
    assertEquals("Accepted", stop.getJsonObject("idTagInfo").getString("status"));

    // Stored before it was acknowledged.
    Map<String, Object> tx = Sql.row(node.db, "SELECT t.*, c.charge_point_id FROM charging_transactions t "
        + "JOIN chargers c ON c.id = t.charger_id WHERE t.id = ?", transactionId);
    assertEquals("E2E-CP-1", tx.get("charge_point_id"));
    assertEquals(0, new BigDecimal("12500").compareTo((BigDecimal) tx.get("energy_wh")));
    assertEquals("Local", tx.get("stop_reason"));
    Map<String, Object> charger = Sql.row(node.db, "SELECT * FROM chargers WHERE charge_point_id = 'E2E-CP-1'");
    assertEquals("Acme", charger.get("vendor"));
    assertEquals("SN-0001", charger.get("serial_number"));
    assertEquals("1.2.3", charger.get("firmware_version"));
    assertEquals("Charging", Sql.value(node.db, "SELECT status FROM connectors WHERE connector_id = 1 AND charger_id = ?",
        charger.get("id")));
    // 6.5 kWh normalised to Wh; every sample (energy and power, periodic and end) kept.
    assertEquals(4L, Sql.value(node.db, "SELECT count(*) FROM meter_values WHERE transaction_id = ?", transactionId));
    assertEquals(0, new BigDecimal("6500").compareTo((BigDecimal) Sql.value(node.db,
        "SELECT normalized_value FROM meter_values WHERE transaction_id = ? AND unit = 'kWh'", transactionId)));

    // 12.5 kWh at 10.00/kWh, billed once.
    assertEquals("COMPLETED", Await.result(settled).getString("status"));
    assertEquals(0, new BigDecimal("125.00").compareTo((BigDecimal) Sql.value(node.db,
        "SELECT amount FROM charging_transactions WHERE id = ?", transactionId)));
    assertEquals(0, new BigDecimal("375.00").compareTo((BigDecimal) Sql.value(node.db,
        "SELECT balance FROM wallets w JOIN users u ON u.id = w.user_id WHERE u.rfid_id_tag = 'TAG-ASHA'")));
    assertEquals(1L, Sql.value(node.db, "SELECT count(*) FROM wallet_ledger WHERE charging_transaction_id = ?", transactionId));
    assertEquals(0, new BigDecimal("375.00").compareTo((BigDecimal) Sql.value(node.db,
        "SELECT sum(amount) FROM wallet_ledger")), "balance = sum of ledger");

    // Every frame, in and out, is in the audit log, correlated by message id.
    Await.until("the audit log is flushed", () -> (Long) Sql.value(node.db,
        "SELECT count(*) FROM ocpp_frames WHERE charge_point_id = 'E2E-CP-1'") >= 14L);
    assertEquals(7L, Sql.value(node.db, "SELECT count(*) FROM ocpp_frames WHERE charge_point_id = 'E2E-CP-1' "
        + "AND direction = 'IN' AND message_type = 2"));
    assertEquals(7L, Sql.value(node.db, "SELECT count(DISTINCT o.message_id) FROM ocpp_frames o "
        + "JOIN ocpp_frames i ON i.message_id = o.message_id AND i.direction = 'IN' "
        + "WHERE o.charge_point_id = 'E2E-CP-1' AND o.direction = 'OUT' AND o.message_type = 3"));
    assertEquals(7L, Sql.value(node.db, "SELECT count(*) FROM ocpp_messages WHERE charge_point_id = 'E2E-CP-1' "
        + "AND answer_type = 3"), "each exchange is one row");
    assertEquals(List.of(), cp.protocolViolations());

    // The operator's view: OCPP traffic and connected chargers in the Prometheus metrics.
    String metrics = Await.result(WebClient.create(node.node.vertx()).get(node.httpPort(), "127.0.0.1", "/metrics").send())
        .bodyAsString();
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("csms_ocpp_messages_total{")
        && l.contains("action=\"StopTransaction\"") && l.contains("direction=\"IN\"") && l.contains("type=\"CALL\"")
        && !l.endsWith(" 0.0")), metrics);
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("csms_ocpp_messages_total{")
        && l.contains("action=\"StopTransaction\"") && l.contains("direction=\"OUT\"") && l.contains("type=\"CALLRESULT\"")),
        metrics);
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("csms_ocpp_connected_chargers{") && !l.endsWith(" 0.0")), metrics);
    // How long the node took to answer each CALL, in the node's histogram per action.
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("csms_ocpp_call_duration_seconds_count{")
        && l.contains("action=\"StopTransaction\"") && !l.endsWith(" 0.0")), metrics);
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("csms_ocpp_call_duration_seconds_bucket{")
        && l.contains("action=\"MeterValues\"") && l.contains("le=\"+Inf\"") && !l.endsWith(" 0.0")), metrics);
    Await.result(cp.close());
  }

  @Test
  void aRebootInTheMiddleOfASessionLosesNothing() {
    OcppTestClient cp = Await.result(OcppTestClient.connect(node.node.vertx(), node.ocppUrl(), "E2E-CP-2"));
    Await.result(cp.call("BootNotification", new JsonObject().put("chargePointVendor", "Acme").put("chargePointModel", "DC-50")));
    long transactionId = Await.result(cp.call("StartTransaction", new JsonObject().put("connectorId", 2)
        .put("idTag", "TAG-ASHA").put("meterStart", 0).put("timestamp", now()))).getLong("transactionId");
    Await.result(cp.call("MeterValues", new JsonObject().put("connectorId", 2).put("transactionId", transactionId)
        .put("meterValue", new JsonArray().add(energy("1000", "Wh", "Sample.Periodic")))));

    // The charger reboots: a new socket and a new BootNotification while the session is still open.
    Await.result(cp.close());
    cp = Await.result(OcppTestClient.connect(node.node.vertx(), node.ocppUrl(), "E2E-CP-2"));
    Await.result(cp.call("BootNotification", new JsonObject().put("chargePointVendor", "Acme").put("chargePointModel", "DC-50")));
    assertEquals("PENDING_RECONCILIATION",
        Sql.value(node.db, "SELECT status FROM charging_transactions WHERE id = ?", transactionId));

    // Its queued StopTransaction completes the session with the charger's own values.
    Future<JsonObject> settled = settlementOf(transactionId);
    Await.result(cp.call("StopTransaction", new JsonObject().put("transactionId", transactionId)
        .put("meterStop", 2000).put("timestamp", now()).put("reason", "Reboot")));
    assertEquals("COMPLETED", Await.result(settled).getString("status"));
    Map<String, Object> tx = Sql.row(node.db, "SELECT * FROM charging_transactions WHERE id = ?", transactionId);
    assertEquals(0, new BigDecimal("2000").compareTo((BigDecimal) tx.get("energy_wh")));
    assertEquals(0, new BigDecimal("20.00").compareTo((BigDecimal) tx.get("amount")));
    assertEquals(1L, Sql.value(node.db, "SELECT count(*) FROM wallet_ledger WHERE charging_transaction_id = ?", transactionId));
    assertEquals(List.of(), cp.protocolViolations());
    Await.result(cp.close());
  }

  @Test
  void anUnknownChargePointIsRefusedAtTheHandshake() {
    Throwable refused = Await.failure(OcppTestClient.connect(node.node.vertx(), node.ocppUrl(), "NOT-REGISTERED"));
    UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, refused);
    assertEquals(404, rejected.getStatus());
    assertEquals(0L, Sql.value(node.db, "SELECT count(*) FROM chargers WHERE charge_point_id = 'NOT-REGISTERED'"));
  }

  @Test
  void garbageGetsACallErrorAndTheConnectionStaysUsable() {
    OcppTestClient cp = Await.result(OcppTestClient.connect(node.node.vertx(), node.ocppUrl(), "E2E-CP-3"));
    JsonArray error = Await.result(cp.sendRaw("this is not OCPP"));
    assertEquals(4, error.getInteger(0));
    assertTrue(error.getString(2).endsWith("Violation") || "ProtocolError".equals(error.getString(2)), error.encode());
    JsonObject heartbeat = Await.result(cp.call("Heartbeat", new JsonObject()));
    OffsetDateTime.parse(heartbeat.getString("currentTime"));
    assertTrue(!cp.isClosed());
    Await.result(cp.close());
  }
}
