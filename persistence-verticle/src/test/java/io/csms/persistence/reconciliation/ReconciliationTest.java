package io.csms.persistence.reconciliation;

import static io.csms.bus.PersistenceAddresses.CHARGER_BOOT;
import static io.csms.bus.PersistenceAddresses.CONNECTOR_STATUS;
import static io.csms.bus.PersistenceAddresses.METER_VALUES;
import static io.csms.bus.PersistenceAddresses.TRANSACTION_STOP;
import static io.csms.persistence.PersistenceBus.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.csms.persistence.DatabaseUrl;
import io.csms.persistence.DeployedPersistence;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReconciliationTest extends DeployedPersistence {
  // The scans under test run on a pool of their own, as they would on another node.
  static Pool pool;

  @BeforeAll
  static void connectScans() {
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(DatabaseUrl.parse(bus.db().url()).connectOptions()).using(vertx).build();
  }

  @AfterAll
  static void disconnectScans() {
    await(pool.close());
  }

  @Test
  void anAvailableConnectorClosesItsParkedSessionWithTheLastMeterValue() {
    bus.charger("CS-FREE");
    long id = startAndReboot("CS-FREE", 1, 1000, "2025-03-01T10:00:00Z", "2025-03-01T10:45:00Z", 
        meterValue("2025-03-01T10:20:00Z", "3.5", "kWh"), meterValue("2025-03-01T10:40:00Z", "4.25", "kWh"));
    long otherConnector = startAndReboot("CS-FREE", 2, 0, "2025-03-01T10:00:00Z", "2025-03-01T10:45:00Z");

    Future<JsonObject> event = bus.stoppedEvent(id);
    JsonObject reply = bus.request(CONNECTOR_STATUS, available("CS-FREE", 1, "2025-03-01T10:46:00Z"));
    assertEquals(new JsonArray().add(id), reply.getJsonArray("reconciledTransactionIds"));
    assertEquals("CS-FREE", await(event).getString("chargePointId"));

    Map<String, Object> tx = closed(id);
    assertEquals("STOPPED", tx.get("status"));
    assertEquals("RECONCILED", tx.get("stop_source"));
    assertEquals("Reconciled", tx.get("stop_reason"));
    assertEquals(0, new BigDecimal("4250").compareTo((BigDecimal) tx.get("meter_stop_wh")));
    assertEquals(0, new BigDecimal("3250").compareTo((BigDecimal) tx.get("energy_wh")));
    assertEquals("2025-03-01T10:40Z", tx.get("stop_time"));
    assertEquals("PENDING_RECONCILIATION", closed(otherConnector).get("status"));
    // Reported free once more: nothing is left to close.
    assertEquals(new JsonArray(), bus.request(CONNECTOR_STATUS, available("CS-FREE", 1, "2025-03-01T10:47:00Z"))
        .getJsonArray("reconciledTransactionIds"));
  }

  @Test
  void withoutAnyMeterValueTheSessionClosesAtItsStartValueWhenTheConnectorWasFree() {
    bus.charger("CS-FREE-NOMETER");
    long id = startAndReboot("CS-FREE-NOMETER", 1, 700, "2025-03-01T10:00:00Z", "2025-03-01T10:45:00Z");
    // A status from before the session started proves nothing about it.
    assertEquals(new JsonArray(), bus.request(CONNECTOR_STATUS, available("CS-FREE-NOMETER", 1, "2025-03-01T09:00:00Z"))
        .getJsonArray("reconciledTransactionIds"));
    bus.request(CONNECTOR_STATUS, available("CS-FREE-NOMETER", 1, "2025-03-01T10:50:00Z"));
    Map<String, Object> tx = closed(id);
    assertEquals("STOPPED", tx.get("status"));
    assertEquals(0, new BigDecimal("700").compareTo((BigDecimal) tx.get("meter_stop_wh")));
    assertEquals(0, BigDecimal.ZERO.compareTo((BigDecimal) tx.get("energy_wh")));
    assertEquals("2025-03-01T10:50Z", tx.get("stop_time"));
  }

  @Test
  void theDeadlineScanClosesOnlyOverdueSessionsAndTheChargersStopStillCounts() {
    bus.charger("CS-DEADLINE");
    long overdue = startAndReboot("CS-DEADLINE", 1, 100, "2025-03-01T10:00:00Z", "2025-03-01T11:00:00Z",
        meterValue("2025-03-01T10:55:00Z", "900", "Wh"));
    long recent = startAndReboot("CS-DEADLINE", 2, 100, "2025-03-01T12:00:00Z", "2025-03-01T12:30:00Z");
    ReconciliationScan scan = new ReconciliationScan(vertx, pool, Duration.ofMinutes(120), Duration.ZERO);

    Future<JsonObject> event = bus.stoppedEvent(overdue);
    List<ReconciledStop.Closed> closed = await(scan.scan(OffsetDateTime.parse("2025-03-01T13:10:00Z")));
    // (Sessions other tests of this class left parked are closed too; only this charger's matter here.)
    assertEquals(List.of(new ReconciledStop.Closed(overdue, "CS-DEADLINE")),
        closed.stream().filter(c -> c.chargePointId().equals("CS-DEADLINE")).toList());
    await(event);
    Map<String, Object> tx = closed(overdue);
    assertEquals("STOPPED", tx.get("status"));
    assertEquals("RECONCILED", tx.get("stop_source"));
    assertEquals(0, new BigDecimal("800").compareTo((BigDecimal) tx.get("energy_wh")));
    assertEquals("2025-03-01T10:55Z", tx.get("stop_time"));
    assertEquals("PENDING_RECONCILIATION", closed(recent).get("status"));

    // The charger's own StopTransaction arrives after all: its values replace the estimate.
    JsonObject late = bus.request(TRANSACTION_STOP, new JsonObject().put("chargePointId", "CS-DEADLINE")
        .put("transactionId", overdue).put("meterStop", 1000).put("timestamp", "2025-03-01T10:58:00Z"));
    assertEquals(new JsonObject().put("outcome", "LATE_STOP").put("energyWh", "900"), late);
    // (A StopTransaction without reason means Local in OCPP 1.6.)
    assertEquals(Map.of("status", "STOPPED", "stop_source", "CHARGER", "stop_reason", "Local"),
        bus.row("SELECT status, stop_source, stop_reason FROM charging_transactions WHERE id = ?", overdue));
  }

  @Test
  void scansRunningAtOnceNeverCloseASessionTwice() {
    bus.charger("CS-SCANS");
    Set<Long> parked = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      parked.add(startAndReboot("CS-SCANS", 1 + i, 0, "2025-02-01T10:00:00Z", "2025-02-01T10:30:00Z"));
    }
    OffsetDateTime now = OffsetDateTime.parse("2025-02-02T00:00:00Z");
    List<ReconciliationScan> scans = List.of(
        new ReconciliationScan(vertx, pool, Duration.ofMinutes(120), Duration.ZERO),
        new ReconciliationScan(vertx, pool, Duration.ofMinutes(120), Duration.ZERO),
        new ReconciliationScan(vertx, pool, Duration.ofMinutes(120), Duration.ZERO));
    List<Future<List<ReconciledStop.Closed>>> running = scans.stream().map(s -> s.scan(now)).toList();
    await(Future.all(running));
    Set<Long> closed = new HashSet<>();
    int total = 0;
    for (Future<List<ReconciledStop.Closed>> f : running) {
      for (ReconciledStop.Closed c : f.result()) {
        if (c.chargePointId().equals("CS-SCANS")) {
          closed.add(c.transactionId());
          total++;
        }
      }
    }
    assertEquals(parked, closed);
    assertEquals(parked.size(), total, "each session closed by exactly one scan");
  }

  /** Starts a session, records its meter values, then reboots the charger: the session is parked. */
  private static long startAndReboot(String chargePointId, int connectorId, long meterStart, String startedAt,
      String bootAt, JsonObject... meterValues) {
    long id = bus.session(chargePointId, connectorId, "TAG", meterStart, startedAt);
    if (meterValues.length > 0) {
      bus.request(METER_VALUES, new JsonObject().put("chargePointId", chargePointId).put("connectorId", connectorId)
          .put("transactionId", id).put("meterValue", new JsonArray(List.of((Object[]) meterValues))));
    }
    bus.request(CHARGER_BOOT, new JsonObject().put("chargePointId", chargePointId).put("chargePointVendor", "Acme")
        .put("chargePointModel", "X").put("receivedAt", bootAt));
    return id;
  }

  private static JsonObject meterValue(String at, String value, String unit) {
    return new JsonObject().put("timestamp", at).put("sampledValue",
        new JsonArray().add(new JsonObject().put("value", value).put("unit", unit)));
  }

  private static JsonObject available(String chargePointId, int connectorId, String at) {
    return new JsonObject().put("chargePointId", chargePointId).put("connectorId", connectorId)
        .put("status", "Available").put("errorCode", "NoError").put("timestamp", at)
        .put("receivedAt", OffsetDateTime.now().toString());
  }

  private static Map<String, Object> closed(long id) {
    return bus.row("SELECT status, stop_source, stop_reason, meter_stop_wh, energy_wh, "
        + "to_char(stop_time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI\"Z\"') AS stop_time "
        + "FROM charging_transactions WHERE id = ?", id);
  }
}
