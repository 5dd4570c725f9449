package io.csms.persistence.charger;

import static io.csms.bus.PersistenceAddresses.CHARGER_BOOT;
import static io.csms.bus.PersistenceAddresses.CHARGER_CONNECTION;
import static io.csms.bus.PersistenceAddresses.CHARGER_HEARTBEAT;
import static io.csms.bus.PersistenceAddresses.CHARGER_LOOKUP;
import static io.csms.bus.PersistenceAddresses.CONNECTOR_STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.csms.bus.BusFailure;
import io.csms.persistence.DeployedPersistence;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChargerStoreTest extends DeployedPersistence {

  @Test
  void lookupFindsARegisteredChargePointAndRefusesOthers() {
    long id = bus.charger("CS-LOOKUP");
    JsonObject found = bus.request(CHARGER_LOOKUP, new JsonObject().put("chargePointId", "CS-LOOKUP"));
    assertEquals(id, found.getLong("chargerId"));
    assertEquals("CS-LOOKUP", found.getString("chargePointId"));
    assertNull(found.getValue("stationId"));

    assertEquals(BusFailure.NOT_FOUND, bus.failureCode(CHARGER_LOOKUP, new JsonObject().put("chargePointId", "NOPE")));
    assertEquals(BusFailure.INVALID, bus.failureCode(CHARGER_LOOKUP, new JsonObject()));
    assertEquals(BusFailure.INVALID, bus.failureCode(CHARGER_LOOKUP, new JsonObject().put("chargePointId", 7)));
    assertEquals(BusFailure.INVALID, bus.failureCode(CHARGER_LOOKUP, "CS-LOOKUP"));
  }

  @Test
  void bootStoresTheIdentityAndParksRunningTransactions() {
    long chargerId = bus.charger("CS-BOOT");
    bus.execute("INSERT INTO charging_transactions (charger_id, connector_id, id_tag, meter_start_wh, start_time) "
        + "VALUES (?, 1, 'TAG', 100, now() - interval '1 hour')", chargerId);
    JsonObject reply = bus.request(CHARGER_BOOT, boot("CS-BOOT", "2025-03-01T10:00:00+05:30"));
    assertEquals(1, reply.getInteger("pendingReconciliation"));

    Map<String, Object> charger = bus.row("SELECT vendor, model, serial_number, charge_box_serial_number, "
        + "firmware_version, iccid, imsi, meter_type, meter_serial_number, last_boot_at = '2025-03-01T04:30:00Z' AS boot_at "
        + "FROM chargers WHERE id = ?", chargerId);
    assertEquals("Acme", charger.get("vendor"));
    assertEquals("Fast-22", charger.get("model"));
    assertEquals("SN-1", charger.get("serial_number"));
    assertEquals("BOX-1", charger.get("charge_box_serial_number"));
    assertEquals("1.2.3", charger.get("firmware_version"));
    assertEquals("8991", charger.get("iccid"));
    assertEquals("4040", charger.get("imsi"));
    assertEquals("AC", charger.get("meter_type"));
    assertEquals("M-1", charger.get("meter_serial_number"));
    assertEquals(true, charger.get("boot_at"));
    Map<String, Object> tx = bus.row("SELECT status, stop_time, reconciliation_since IS NOT NULL AS since "
        + "FROM charging_transactions WHERE charger_id = ?", chargerId);
    assertEquals("PENDING_RECONCILIATION", tx.get("status"));
    assertEquals(true, tx.get("since"));
    assertNull(tx.get("stop_time"));
  }

  @Test
  void bootWithBadInputWritesNothing() {
    long chargerId = bus.charger("CS-BOOT-BAD");
    bus.execute("INSERT INTO charging_transactions (charger_id, connector_id, id_tag, meter_start_wh, start_time) "
        + "VALUES (?, 1, 'TAG', 100, now())", chargerId);
    // A timestamp without its offset is refused, as is a missing vendor.
    assertEquals(BusFailure.INVALID, bus.failureCode(CHARGER_BOOT, boot("CS-BOOT-BAD", "2025-03-01T10:00:00")));
    assertEquals(BusFailure.INVALID, bus.failureCode(CHARGER_BOOT,
        boot("CS-BOOT-BAD", "2025-03-01T10:00:00Z").put("chargePointVendor", null)));
    assertEquals(BusFailure.NOT_FOUND, bus.failureCode(CHARGER_BOOT, boot("CS-UNKNOWN", "2025-03-01T10:00:00Z")));
    assertNull(bus.value("SELECT vendor FROM chargers WHERE id = ?", chargerId));
    assertEquals("RUNNING", bus.value("SELECT status FROM charging_transactions WHERE charger_id = ?", chargerId));
  }

  @Test
  void heartbeatUpdatesLastHeartbeatAndLastSeen() {
    long chargerId = bus.charger("CS-HB");
    assertEquals(new JsonObject(), bus.request(CHARGER_HEARTBEAT,
        new JsonObject().put("chargePointId", "CS-HB").put("receivedAt", "2025-03-01T10:00:00Z")));
    assertEquals(true, bus.value("SELECT last_heartbeat_at = '2025-03-01T10:00:00Z' AND "
        + "last_seen_at = '2025-03-01T10:00:00Z' FROM chargers WHERE id = ?", chargerId));
    assertEquals(BusFailure.INVALID, bus.failureCode(CHARGER_HEARTBEAT,
        new JsonObject().put("chargePointId", "CS-HB").put("receivedAt", "yesterday")));
    assertEquals(BusFailure.NOT_FOUND, bus.failureCode(CHARGER_HEARTBEAT,
        new JsonObject().put("chargePointId", "CS-NONE").put("receivedAt", "2025-03-01T10:00:00Z")));
  }

  @Test
  void aLateCloseFromTheOldNodeDoesNotUndoATakeover() {
    long chargerId = bus.charger("CS-NODES");
    bus.request(CHARGER_CONNECTION, connection("CS-NODES", true, "node-a", "2025-03-01T10:00:00Z"));
    assertEquals(Map.of("connection_status", "ONLINE", "connected_node", "node-a"), connectionOf(chargerId));

    // The charger reconnects through node B before node A notices its socket closed.
    bus.request(CHARGER_CONNECTION, connection("CS-NODES", true, "node-b", "2025-03-01T10:00:05Z"));
    bus.request(CHARGER_CONNECTION, connection("CS-NODES", false, "node-a", "2025-03-01T10:00:06Z"));
    assertEquals(Map.of("connection_status", "ONLINE", "connected_node", "node-b"), connectionOf(chargerId));

    bus.request(CHARGER_CONNECTION, connection("CS-NODES", false, "node-b", "2025-03-01T10:10:00Z"));
    Map<String, Object> offline = bus.row("SELECT connection_status, connected_node, "
        + "last_seen_at = '2025-03-01T10:10:00Z' AS seen FROM chargers WHERE id = ?", chargerId);
    assertEquals("OFFLINE", offline.get("connection_status"));
    assertNull(offline.get("connected_node"));
    assertEquals(true, offline.get("seen"));

    assertEquals(BusFailure.INVALID, bus.failureCode(CHARGER_CONNECTION,
        connection("CS-NODES", true, "node-a", "2025-03-01T10:00:00Z").put("connected", "yes")));
    assertEquals(BusFailure.NOT_FOUND, bus.failureCode(CHARGER_CONNECTION,
        connection("CS-NOBODY", true, "node-a", "2025-03-01T10:00:00Z")));
  }

  @Test
  void statusOfConnectorZeroIsTheChargersAndOthersAreUpsertedInOrder() {
    long chargerId = bus.charger("CS-STATUS");
    bus.request(CONNECTOR_STATUS, status("CS-STATUS", 0, "Faulted", "GroundFailure", "2025-03-01T10:00:00Z"));
    Map<String, Object> charger = bus.row("SELECT status, error_code FROM chargers WHERE id = ?", chargerId);
    assertEquals(Map.of("status", "Faulted", "error_code", "GroundFailure"), charger);

    JsonObject reply = bus.request(CONNECTOR_STATUS, status("CS-STATUS", 2, "Charging", "NoError",
        "2025-03-01T10:00:00Z").put("info", "plugged").put("vendorId", "acme").put("vendorErrorCode", "E0"));
    assertEquals(new JsonArray(), reply.getJsonArray("reconciledTransactionIds"));
    bus.request(CONNECTOR_STATUS, status("CS-STATUS", 2, "Finishing", "NoError", "2025-03-01T10:05:00Z"));
    // Delivered late: older than what is stored, so it does not overwrite it.
    bus.request(CONNECTOR_STATUS, status("CS-STATUS", 2, "Preparing", "NoError", "2025-03-01T10:01:00Z"));
    Map<String, Object> connector = bus.row("SELECT status, error_code, info, vendor_id, "
        + "status_at = '2025-03-01T10:05:00Z' AS at FROM connectors WHERE charger_id = ? AND connector_id = 2",
        chargerId);
    assertEquals("Finishing", connector.get("status"));
    assertEquals("NoError", connector.get("error_code"));
    assertNull(connector.get("info"));
    assertEquals(true, connector.get("at"));

    assertEquals(BusFailure.INVALID, bus.failureCode(CONNECTOR_STATUS,
        status("CS-STATUS", -1, "Available", "NoError", "2025-03-01T10:00:00Z")));
    assertEquals(BusFailure.INVALID, bus.failureCode(CONNECTOR_STATUS,
        status("CS-STATUS", 1, "Available", "NoError", "2025-03-01 10:00")));
    long connectors = bus.count("SELECT count(*) FROM connectors");
    assertEquals(BusFailure.NOT_FOUND, bus.failureCode(CONNECTOR_STATUS,
        status("CS-NOPE", 1, "Available", "NoError", "2025-03-01T10:00:00Z")));
    // Any other status takes the one-statement path: refused alike, and neither writes a connector.
    assertEquals(BusFailure.NOT_FOUND, bus.failureCode(CONNECTOR_STATUS,
        status("CS-NOPE", 1, "Charging", "NoError", "2025-03-01T10:00:00Z")));
    assertEquals(connectors, bus.count("SELECT count(*) FROM connectors"));
    assertEquals(0, bus.count("SELECT count(*) FROM connectors WHERE charger_id = ? AND connector_id = 1", chargerId));
  }

  private static Map<String, Object> connectionOf(long chargerId) {
    return bus.row("SELECT connection_status, connected_node FROM chargers WHERE id = ?", chargerId);
  }

  static JsonObject boot(String chargePointId, String receivedAt) {
    return new JsonObject().put("chargePointId", chargePointId).put("chargePointVendor", "Acme")
        .put("chargePointModel", "Fast-22").put("chargePointSerialNumber", "SN-1").put("chargeBoxSerialNumber", "BOX-1")
        .put("firmwareVersion", "1.2.3").put("iccid", "8991").put("imsi", "4040").put("meterType", "AC")
        .put("meterSerialNumber", "M-1").put("receivedAt", receivedAt);
  }

  static JsonObject connection(String chargePointId, boolean connected, String nodeId, String at) {
    return new JsonObject().put("chargePointId", chargePointId).put("connected", connected).put("nodeId", nodeId)
        .put("at", at);
  }

  static JsonObject status(String chargePointId, int connectorId, String status, String errorCode, String at) {
    return new JsonObject().put("chargePointId", chargePointId).put("connectorId", connectorId)
        .put("status", status).put("errorCode", errorCode).put("timestamp", at)
        .put("receivedAt", OffsetDateTime.now().toString());
  }
}
