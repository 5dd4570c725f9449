package io.csms.persistence.metering;

import static io.csms.bus.PersistenceAddresses.METER_VALUES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.csms.bus.AdminStoreAddresses;
import io.csms.bus.BusFailure;
import io.csms.persistence.DeployedPersistence;
import io.csms.persistence.PersistenceBus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeterValueStoreTest extends DeployedPersistence {

  @Test
  void everySampledValueIsKeptWithDefaultsAndNormalisedUnits() {
    long chargerId = bus.charger("CS-METER");
    long tx = bus.session("CS-METER", 1, "TAG", 0, "2025-03-01T10:00:00Z");
    JsonObject reply = bus.request(METER_VALUES, meterValues("CS-METER", 1, tx,
        new JsonObject().put("timestamp", "2025-03-01T10:15:00+05:30").put("sampledValue", new JsonArray()
            .add(new JsonObject().put("value", "12.5"))
            .add(new JsonObject().put("value", "3.25").put("unit", "kWh").put("measurand", "Energy.Active.Import.Register")
                .put("phase", "L1").put("context", "Transaction.Begin").put("location", "Outlet"))
            .add(new JsonObject().put("value", "7.4").put("unit", "kW").put("measurand", "Power.Active.Import"))
            .add(new JsonObject().put("value", "7400").put("unit", "W").put("measurand", "Power.Active.Import"))
            .add(new JsonObject().put("value", "31.5").put("unit", "Celcius").put("measurand", "Temperature"))
            .add(new JsonObject().put("value", "16").put("unit", "A").put("measurand", "Current.Import").put("phase", "L2"))
            .add(new JsonObject().put("value", "2.5").put("unit", "kvarh").put("measurand", "Energy.Reactive.Import.Register"))
            .add(new JsonObject().put("value", "MEUCIQ+sig==").put("format", "SignedData"))
            .add(new JsonObject().put("value", "n/a").put("unit", "Percent").put("measurand", "SoC")))));
    assertEquals(new JsonObject().put("stored", 9), reply);

    List<Map<String, Object>> rows = bus.rows("SELECT measurand, phase, unit, context, location, format, raw_value, "
        + "value, normalized_value, normalized_unit, transaction_id, connector_id, "
        + "sampled_at = '2025-03-01T04:45:00Z' AS at FROM meter_values WHERE charger_id = ? ORDER BY reading_id, position", chargerId);
    assertEquals(9, rows.size());
    for (Map<String, Object> row : rows) {
      assertEquals(tx, row.get("transaction_id"));
      assertEquals(1, row.get("connector_id"));
      assertEquals(true, row.get("at"));
    }
    assertSample(rows.get(0), "Energy.Active.Import.Register", "Wh", "12.5", "12.5", "12.5", "Wh");
    assertEquals("Sample.Periodic", rows.get(0).get("context"));
    assertEquals("Raw", rows.get(0).get("format"));
    assertNull(rows.get(0).get("phase"));
    assertSample(rows.get(1), "Energy.Active.Import.Register", "kWh", "3.25", "3.25", "3250", "Wh");
    assertEquals("L1", rows.get(1).get("phase"));
    assertEquals("Transaction.Begin", rows.get(1).get("context"));
    assertEquals("Outlet", rows.get(1).get("location"));
    assertSample(rows.get(2), "Power.Active.Import", "kW", "7.4", "7.4", "7400", "W");
    assertSample(rows.get(3), "Power.Active.Import", "W", "7400", "7400", "7400", "W");
    assertSample(rows.get(4), "Temperature", "Celcius", "31.5", "31.5", "31.5", "Celcius");
    assertSample(rows.get(5), "Current.Import", "A", "16", "16", "16", "A");
    assertSample(rows.get(6), "Energy.Reactive.Import.Register", "kvarh", "2.5", "2.5", "2.5", "kvarh");
    assertSample(rows.get(7), "Energy.Active.Import.Register", "Wh", "MEUCIQ+sig==", null, null, null);
    assertEquals("SignedData", rows.get(7).get("format"));
    assertSample(rows.get(8), "SoC", "Percent", "n/a", null, null, null);
  }

  @Test
  void aReportIsStoredAsOneReadingPerInstant() {
    long chargerId = bus.charger("CS-READINGS");
    JsonArray atTen = new JsonArray().add(new JsonObject().put("value", "100").put("unit", "Wh"))
        .add(new JsonObject().put("value", "7").put("unit", "kW").put("measurand", "Power.Active.Import"));
    JsonArray atTenAgain = new JsonArray().add(new JsonObject().put("value", "230").put("unit", "V")
        .put("measurand", "Voltage"));
    JsonArray atEleven = new JsonArray().add(new JsonObject().put("value", "200").put("unit", "Wh"));
    assertEquals(new JsonObject().put("stored", 4), bus.request(METER_VALUES, meterValues("CS-READINGS", 1, null,
        new JsonObject().put("timestamp", "2025-03-01T10:00:00Z").put("sampledValue", atTen),
        new JsonObject().put("timestamp", "2025-03-01T11:00:00Z").put("sampledValue", atEleven),
        new JsonObject().put("timestamp", "2025-03-01T10:00:00Z").put("sampledValue", atTenAgain))));

    List<Map<String, Object>> readings = bus.rows("SELECT sampled_at = '2025-03-01T10:00:00Z' AS at_ten,"
        + " array_to_string(raw_values, ',') AS raw FROM meter_readings WHERE charger_id = ? ORDER BY id", chargerId);
    assertEquals(2, readings.size());
    assertEquals(true, readings.get(0).get("at_ten"));
    assertEquals("100,7,230", readings.get(0).get("raw"));
    assertEquals("200", readings.get(1).get("raw"));
  }

  @Test
  void anyTextAChargerReportsComesBackUnchanged() {
    long chargerId = bus.charger("CS-TEXT");
    List<String> texts = List.of("say \"hi\"", "back\\slash\\", "{braces},comma", "NULL", " spaced ", "ünïcødé €",
        "\"", "\\\"");
    JsonArray sampled = new JsonArray();
    texts.forEach(text -> sampled.add(new JsonObject().put("value", text).put("unit", text).put("location", text)
        .put("measurand", "Vendor " + text)));
    bus.request(METER_VALUES, meterValues("CS-TEXT", 1, null,
        new JsonObject().put("timestamp", "2025-03-01T10:00:00Z").put("sampledValue", sampled)));

    List<Map<String, Object>> rows = bus.rows("SELECT raw_value, unit, location, measurand, value FROM meter_values"
        + " WHERE charger_id = ? ORDER BY reading_id, position", chargerId);
    assertEquals(texts.size(), rows.size());
    for (int i = 0; i < texts.size(); i++) {
      assertEquals(texts.get(i), rows.get(i).get("raw_value"));
      assertEquals(texts.get(i), rows.get(i).get("unit"));
      assertEquals(texts.get(i), rows.get(i).get("location"));
      assertEquals("Vendor " + texts.get(i), rows.get(i).get("measurand"));
      assertNull(rows.get(i).get("value"), texts.get(i));
    }
  }

  @Test
  void theTransactionsLastMeterValueOnlyMovesForward() {
    bus.charger("CS-LAST");
    long tx = bus.session("CS-LAST", 1, "TAG", 0, "2025-03-01T10:00:00Z");
    bus.request(METER_VALUES, meterValues("CS-LAST", 1, tx,
        energy("2025-03-01T10:10:00Z", "1.5", "kWh"), energy("2025-03-01T10:20:00Z", "2.0", "kWh")));
    assertLastMeter(tx, "2000", "2025-03-01 10:20:00+00");
    // A sample of one phase, or another measurand, says nothing about the whole meter.
    bus.request(METER_VALUES, meterValues("CS-LAST", 1, tx, new JsonObject().put("timestamp", "2025-03-01T10:25:00Z")
        .put("sampledValue", new JsonArray().add(new JsonObject().put("value", "9999").put("phase", "L1"))
            .add(new JsonObject().put("value", "50").put("measurand", "Power.Active.Import").put("unit", "W")))));
    assertLastMeter(tx, "2000", "2025-03-01 10:20:00+00");
    // An older batch delivered late does not move it back.
    bus.request(METER_VALUES, meterValues("CS-LAST", 1, tx, energy("2025-03-01T10:05:00Z", "1000", "Wh")));
    assertLastMeter(tx, "2000", "2025-03-01 10:20:00+00");
    bus.request(METER_VALUES, meterValues("CS-LAST", 1, tx, energy("2025-03-01T10:30:00Z", "2600", "Wh")));
    assertLastMeter(tx, "2600", "2025-03-01 10:30:00+00");
    // One instant reported twice: the report stored last counts.
    bus.request(METER_VALUES, meterValues("CS-LAST", 1, tx, energy("2025-03-01T10:30:00Z", "2601", "Wh")));
    assertLastMeter(tx, "2601", "2025-03-01 10:30:00+00");
  }

  @Test
  void samplesForATransactionOfAnotherChargerAreKeptUnlinked() {
    bus.charger("CS-MINE");
    long otherChargerId = bus.charger("CS-THEIRS");
    long tx = bus.session("CS-MINE", 1, "TAG", 0, "2025-03-01T10:00:00Z");
    bus.request(METER_VALUES, meterValues("CS-THEIRS", 1, tx, energy("2025-03-01T10:10:00Z", "5", "kWh")));
    Map<String, Object> row = bus.row("SELECT transaction_id FROM meter_values WHERE charger_id = ?", otherChargerId);
    assertNull(row.get("transaction_id"));
    assertLastMeter(tx, null, null);
  }

  @Test
  void badInputStoresNothing() {
    long chargerId = bus.charger("CS-METER-BAD");
    // The second meterValue's timestamp has no offset: the whole request is refused.
    assertEquals(BusFailure.INVALID, bus.failureCode(METER_VALUES, meterValues("CS-METER-BAD", 1, null,
        energy("2025-03-01T10:10:00Z", "5", "kWh"), energy("2025-03-01T10:20:00", "6", "kWh"))));
    assertEquals(BusFailure.INVALID, bus.failureCode(METER_VALUES, meterValues("CS-METER-BAD", 1, null,
        new JsonObject().put("timestamp", "2025-03-01T10:10:00Z").put("sampledValue", new JsonArray()))));
    assertEquals(BusFailure.INVALID, bus.failureCode(METER_VALUES, meterValues("CS-METER-BAD", 1, null,
        new JsonObject().put("timestamp", "2025-03-01T10:10:00Z")
            .put("sampledValue", new JsonArray().add(new JsonObject().put("unit", "Wh"))))));
    assertEquals(BusFailure.INVALID, bus.failureCode(METER_VALUES,
        meterValues("CS-METER-BAD", 1, null).put("meterValue", "none")));
    assertEquals(BusFailure.INVALID, bus.failureCode(METER_VALUES,
        meterValues("CS-METER-BAD", 1, null, energy("2025-03-01T10:10:00Z", "5", "kWh")).put("connectorId", "one")));
    // The database refuses the second row (a NUL character): the first one must not stay behind either.
    assertEquals(BusFailure.INVALID, bus.failureCode(METER_VALUES, meterValues("CS-METER-BAD", 1, null,
        energy("2025-03-01T10:10:00Z", "5", "kWh"), energy("2025-03-01T10:20:00Z", "6\u0000", "kWh"))));
    assertEquals(BusFailure.NOT_FOUND, bus.failureCode(METER_VALUES,
        meterValues("CS-NO-SUCH", 1, null, energy("2025-03-01T10:10:00Z", "5", "kWh"))));
    assertEquals(0, bus.count("SELECT count(*) FROM meter_values WHERE charger_id = ?", chargerId));
  }

  @Test
  void requestsArrivingTogetherAreAllStoredAndOnlyTheFaultyOneFails() {
    // Sent at once, these share statements (group commit): one bad request must not take the others down.
    int chargers = 60;
    List<Long> transactions = new ArrayList<>();
    for (int i = 0; i < chargers; i++) {
      bus.charger("CS-GROUP-" + i);
      transactions.add(bus.session("CS-GROUP-" + i, 1, "TAG", 0, "2025-03-01T10:00:00Z"));
    }
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (int i = 0; i < chargers; i++) {
      String value = i == 17 ? "6\u0000" : String.valueOf(1000 + i);
      replies.add(vertx.eventBus().<JsonObject>request(METER_VALUES, meterValues("CS-GROUP-" + i, 1,
          transactions.get(i), energy("2025-03-01T10:10:00Z", value, "Wh"),
          new JsonObject().put("timestamp", "2025-03-01T10:10:00Z").put("sampledValue", new JsonArray()
              .add(new JsonObject().put("value", "7.4").put("unit", "kW").put("measurand", "Power.Active.Import")))))
          .map(reply -> reply.body()));
    }
    replies.add(vertx.eventBus().<JsonObject>request(METER_VALUES,
        meterValues("CS-GROUP-NONE", 1, null, energy("2025-03-01T10:10:00Z", "5", "Wh"))).map(reply -> reply.body()));
    PersistenceBus.await(Future.join(replies).otherwiseEmpty());

    for (int i = 0; i < chargers; i++) {
      long tx = transactions.get(i);
      if (i == 17) {
        assertEquals(BusFailure.INVALID, ((ReplyException) replies.get(i).cause()).failureCode());
        assertEquals(0, bus.count("SELECT count(*) FROM meter_values WHERE transaction_id = ?", tx));
        assertLastMeter(tx, null, null);
      } else {
        assertEquals(new JsonObject().put("stored", 2), replies.get(i).result(), "charger " + i);
        assertEquals(2, bus.count("SELECT count(*) FROM meter_values WHERE transaction_id = ?", tx));
        assertLastMeter(tx, String.valueOf(1000 + i), "2025-03-01 10:10:00+00");
      }
    }
    assertEquals(BusFailure.NOT_FOUND, ((ReplyException) replies.get(chargers).cause()).failureCode());
  }

  @Test
  void deletingAChargerDeletesItsMeterValuesAndNoOneElses() {
    long gone = bus.charger("CS-METER-GONE");
    long kept = bus.charger("CS-METER-KEPT");
    bus.request(METER_VALUES, meterValues("CS-METER-GONE", 1, null, energy("2025-03-01T10:10:00Z", "5", "kWh")));
    bus.request(METER_VALUES, meterValues("CS-METER-KEPT", 1, null, energy("2025-03-01T10:10:00Z", "6", "kWh")));

    assertEquals(new JsonObject(), bus.request(AdminStoreAddresses.CHARGER_DELETE, new JsonObject().put("id", gone)));

    assertEquals(0, bus.count("SELECT count(*) FROM meter_values WHERE charger_id = ?", gone));
    assertEquals(1, bus.count("SELECT count(*) FROM meter_values WHERE charger_id = ?", kept));
    // Samples arriving after the deletion find no charger: refused, nothing stored.
    assertEquals(BusFailure.NOT_FOUND, bus.failureCode(METER_VALUES,
        meterValues("CS-METER-GONE", 1, null, energy("2025-03-01T10:20:00Z", "7", "kWh"))));
    assertEquals(0, bus.count("SELECT count(*) FROM meter_values WHERE charger_id = ?", gone));
  }

  @Test
  void aMeterValuesWriteInFlightWhenItsChargerIsDeletedLeavesNoReadingBehind() throws SQLException {
    long gone = bus.charger("CS-METER-RACE");
    Future<JsonObject> deletion;
    // A write that found the charger before the deletion began and has not committed yet: the writer does not
    // lock the charger row, so only the deletion's wait for the writes in flight keeps its reading from outliving
    // the charger.
    try (Connection writer = bus.db().connect()) {
      writer.setAutoCommit(false);
      try (Statement st = writer.createStatement()) {
        st.execute("INSERT INTO meter_readings (charger_id, connector_id, sampled_at, measurands, phases, units, "
            + "contexts, locations, formats, raw_values, numeric_values, normalized_values, normalized_units) "
            + "VALUES (" + gone + ", 1, '2025-03-01T10:10:00Z', '{Energy.Active.Import.Register}', '{NULL}', "
            + "'{Wh}', '{Sample.Periodic}', '{Outlet}', '{Raw}', '{5}', '{5}', '{5}', '{Wh}')");
      }
      deletion = vertx.eventBus().<JsonObject>request(AdminStoreAddresses.CHARGER_DELETE,
          new JsonObject().put("id", gone)).map(reply -> reply.body());
      PersistenceBus.eventually("the deletion waits for the write in flight", () -> bus.count(
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
              + "AND query LIKE 'LOCK TABLE meter_readings%'") == 1);
      writer.commit();
    }
    assertEquals(new JsonObject(), PersistenceBus.await(deletion));
    assertEquals(0, bus.count("SELECT count(*) FROM meter_readings WHERE charger_id = ?", gone));
    assertEquals(0, bus.count("SELECT count(*) FROM chargers WHERE id = ?", gone));
  }

  @Test
  void theTablesThatOnlyGrowAreVacuumedAtAFifthOfAutovacuumsDefaultPace() {
    // Insert-triggered passes over them rewrite every page written since the last one; at the default pace
    // (2 ms) one pass took a small machine's every core for seconds (V39, docs/benchmarks.md).
    assertEquals("meter_readings:{autovacuum_vacuum_cost_delay=10},ocpp_messages:{autovacuum_vacuum_cost_delay=10}",
        bus.value("SELECT string_agg(relname || ':' || reloptions::text, ',' ORDER BY relname) FROM pg_class "
            + "WHERE relname IN ('meter_readings', 'ocpp_messages') AND relkind = 'r'"));
  }

  @Test
  void analyzingTheReadingsSkipsTheArraysNoQueryFiltersOn() {
    bus.charger("CS-METER-STATS");
    bus.request(METER_VALUES, meterValues("CS-METER-STATS", 1, null, energy("2025-03-01T10:10:00Z", "5", "kWh")));

    bus.execute("ANALYZE meter_readings");

    // Element statistics of ten arrays made each autovacuum ANALYZE of a large table cost a core for over a
    // second (V37); the columns readings are looked up by keep theirs.
    List<Object> analyzed = bus.rows("SELECT attname FROM pg_stats WHERE schemaname = current_schema() "
        + "AND tablename = 'meter_readings' ORDER BY attname").stream().map(row -> row.get("attname")).toList();
    assertEquals(List.of("charger_id", "connector_id", "created_at", "id", "sampled_at", "transaction_id"), analyzed);
  }

  private static void assertSample(Map<String, Object> row, String measurand, String unit, String raw, String value,
      String normalized, String normalizedUnit) {
    assertEquals(measurand, row.get("measurand"));
    assertEquals(unit, row.get("unit"));
    assertEquals(raw, row.get("raw_value"));
    assertDecimal(value, row.get("value"));
    assertDecimal(normalized, row.get("normalized_value"));
    assertEquals(normalizedUnit, row.get("normalized_unit"));
  }

  private static void assertDecimal(String expected, Object actual) {
    if (expected == null) {
      assertNull(actual);
    } else {
      assertEquals(0, new BigDecimal(expected).compareTo((BigDecimal) actual), expected + " vs " + actual);
    }
  }

  private static void assertLastMeter(long tx, String wh, String at) {
    // What reconciliation would close the session with (V40).
    Map<String, Object> row = bus.row("SELECT m.meter_wh, "
        + "to_char(m.meter_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00' AS at "
        + "FROM (VALUES (1)) one LEFT JOIN transaction_last_meter(?) m ON true", tx);
    assertDecimal(wh, row.get("meter_wh"));
    assertEquals(at, row.get("at"));
  }

  private static JsonObject energy(String at, String value, String unit) {
    return new JsonObject().put("timestamp", at).put("sampledValue", new JsonArray()
        .add(new JsonObject().put("value", value).put("unit", unit).put("measurand", "Energy.Active.Import.Register")));
  }

  private static JsonObject meterValues(String chargePointId, int connectorId, Long transactionId,
      JsonObject... meterValue) {
    return new JsonObject().put("chargePointId", chargePointId).put("connectorId", connectorId)
        .put("transactionId", transactionId).put("meterValue", new JsonArray(List.of((Object[]) meterValue)));
  }
}
