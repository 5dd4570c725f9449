package io.csms.api;

import static io.csms.api.ErrorShape.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Transactions (filters, pagination, summary, CSV), meter values with chart data, a driver's own
 * sessions, and the OCPP log. Sessions and frames are arranged with SQL, as the OCPP side would write them.
 */
class TransactionAndLogTest extends ApiSliceTest {
  private static String driver;
  private static long driverId;
  private static long chargerA;
  private static long chargerB;
  private static long completedTx;

  @BeforeAll
  static void arrange(Vertx vertx) throws Exception {
    driver = api.token("USER", "driver-tx");
    driverId = api.get("/users/me", driver).bodyAsJsonObject().getJsonObject("user").getLong("id");
    chargerA = api.post("/api/admin/chargers", admin, new JsonObject().put("charge_point_id", "CP-TX-A"))
        .bodyAsJsonObject().getJsonObject("charger").getLong("id");
    chargerB = api.post("/api/admin/chargers", admin, new JsonObject().put("charge_point_id", "CP-TX-B"))
        .bodyAsJsonObject().getJsonObject("charger").getLong("id");
    api.sql("INSERT INTO charging_transactions (id, charger_id, connector_id, user_id, id_tag, meter_start_wh,"
        + " meter_stop_wh, energy_wh, start_time, stop_time, status, amount, currency) VALUES"
        + " (101, " + chargerA + ", 1, " + driverId + ", 'TAG', 1000, 6000, 5000, '2026-03-01T10:00:00Z', '2026-03-01T11:00:00Z', 'COMPLETED', 62.50, 'INR'),"
        + " (102, " + chargerA + ", 1, " + driverId + ", 'TAG', 6000, NULL, NULL, '2026-03-02T10:00:00Z', NULL, 'RUNNING', NULL, NULL),"
        + " (103, " + chargerB + ", 2, " + driverId + ", 'TAG', 0, 2500, 2500, '2026-03-03T10:00:00Z', '2026-03-03T10:30:00Z', 'BILLING_FAILED', NULL, NULL),"
        + " (104, " + chargerB + ", 1, NULL, 'OTHER,\"TAG', 0, 1500, 1500, '2026-03-04T10:00:00Z', '2026-03-04T10:20:00Z', 'COMPLETED', 20.00, 'INR')");
    completedTx = 101;
    api.sql("INSERT INTO meter_readings (charger_id, connector_id, transaction_id, sampled_at, measurands, phases,"
        + " units, contexts, locations, formats, raw_values, numeric_values, normalized_values, normalized_units) VALUES"
        + " (" + chargerA + ", 1, 101, '2026-03-01T10:00:00Z', '{Energy.Active.Import.Register}', '{NULL}', '{Wh}',"
        + " '{Sample.Periodic}', '{NULL}', '{Raw}', '{1000}', '{1000}', '{1000}', '{Wh}'),"
        + " (" + chargerA + ", 1, 101, '2026-03-01T10:30:00Z', '{Energy.Active.Import.Register,Power.Active.Import}',"
        + " '{NULL,NULL}', '{kWh,kW}', '{Sample.Periodic,Sample.Periodic}', '{NULL,NULL}', '{Raw,Raw}', '{3,7}', '{3,7}',"
        + " '{3000,7000}', '{Wh,W}'),"
        + " (" + chargerA + ", 1, 101, '2026-03-01T11:00:00Z', '{Energy.Active.Import.Register}', '{NULL}', '{Wh}',"
        + " '{Sample.Periodic}', '{NULL}', '{Raw}', '{6000}', '{6000}', '{6000}', '{Wh}')");
    api.sql("INSERT INTO ocpp_messages (charge_point_id, direction, message_type, action, message_id, payload, created_at) VALUES"
        + " ('CP-TX-A', 'IN', 2, 'BootNotification', 'm1', '{\"chargePointVendor\":\"Acme\",\"chargePointModel\":\"X\"}', '2026-03-01T09:00:00Z'),"
        + " ('CP-TX-A', 'OUT', 3, 'BootNotification', 'm1', '{\"status\":\"Accepted\"}', '2026-03-01T09:00:01Z'),"
        + " ('CP-TX-A', 'IN', 2, 'Heartbeat', 'm2', '{}', '2026-03-01T09:05:00Z'),"
        + " ('CP-TX-B', 'IN', 2, 'Heartbeat', 'm3', '{}', '2026-03-02T09:05:00Z'),"
        + " ('CP-TX-B', 'OUT', 2, 'Reset', 'm4', '{\"type\":\"Soft\"}', '2026-03-02T09:06:00Z')");
    // Since V38 a CALL and its answer share a row: an exchange.
    api.sql("INSERT INTO ocpp_messages (charge_point_id, direction, message_type, action, message_id, payload, created_at,"
        + " answer_id, answer_type, answer_payload, answered_at) VALUES ('CP-TX-B', 'OUT', 2, 'UnlockConnector', 'm5',"
        + " '{\"connectorId\":1}', '2026-03-02T09:07:00Z', 1000, 3, '{\"status\":\"Unlocked\"}', '2026-03-02T09:07:02Z')");
  }

  private static JsonObject ok(String path, String token) throws Exception {
    HttpResponse<Buffer> response = api.get(path, token);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static List<Long> ids(JsonObject page) {
    return page.getJsonArray("data").stream().map(o -> ((JsonObject) o).getLong("id")).collect(Collectors.toList());
  }

  @Test
  void transactionsAreListedNewestFirstWithASummaryOfAllMatches() throws Exception {
    JsonObject all = ok("/api/admin/transactions", admin);
    assertEquals(List.of(104L, 103L, 102L, 101L), ids(all));
    JsonObject summary = all.getJsonObject("summary");
    assertEquals(4, summary.getInteger("total_transactions"));
    assertEquals(1, summary.getInteger("running"));
    assertEquals(2, summary.getInteger("completed"));
    assertEquals(1, summary.getInteger("billing_failed"));
    assertEquals("9.000", summary.getString("total_energy_kwh"));
    assertEquals("82.50", summary.getString("total_amount"));
    JsonObject first = all.getJsonArray("data").getJsonObject(3);
    assertEquals("CP-TX-A", first.getString("charge_point_id"));
    assertEquals("5.000", first.getString("energy_kwh"));
    assertEquals("62.50", first.getString("amount"));
    assertEquals("2026-03-01T10:00:00Z", first.getString("start_time"));

    JsonObject page = ok("/api/admin/transactions?limit=3&page=2", admin);
    assertEquals(List.of(101L), ids(page));
    assertEquals(4, page.getInteger("total"));
    assertEquals(List.of(104L, 101L), ids(ok("/api/admin/transactions?status=COMPLETED", admin)));
    assertEquals(List.of(103L, 102L, 101L), ids(ok("/api/admin/transactions?user_id=" + driverId, admin)));
    assertEquals(List.of(104L, 103L), ids(ok("/api/admin/transactions?charger_id=" + chargerB, admin)));
    JsonObject range = ok("/api/admin/transactions?start_date=2026-03-02T00:00:00Z&end_date=2026-03-03T19:00:00-05:00", admin);
    assertEquals(List.of(103L, 102L), ids(range));
    assertEquals("2.500", range.getJsonObject("summary").getString("total_energy_kwh"));
    assertError(api.get("/api/admin/transactions?start_date=yesterday", admin), 422, "/api/admin/transactions");
    assertError(api.get("/api/admin/transactions?start_date=2026-03-02T00:00:00", admin), 422, "/api/admin/transactions");
    // India's offset, encoded and unencoded (a bare '+' arrives as a space)
    assertEquals(List.of(104L, 103L), ids(ok("/api/admin/transactions?start_date=2026-03-03T15:30:00%2B05:30", admin)));
    assertEquals(List.of(104L, 103L), ids(ok("/api/admin/transactions?start_date=2026-03-03T15:30:00+05:30", admin)));
    assertError(api.get("/api/admin/transactions?status=LOST", admin), 422, "/api/admin/transactions");
  }

  @Test
  void oneTransactionAndItsMeterValues() throws Exception {
    assertEquals("COMPLETED", ok("/api/admin/transactions/" + completedTx, admin).getJsonObject("transaction").getString("status"));
    assertError(api.get("/api/admin/transactions/999", admin), 404, "/api/admin/transactions/999");
    JsonObject values = ok("/api/admin/transactions/101/meter-values", admin);
    assertEquals(4, values.getJsonArray("meter_values").size());
    assertEquals("kWh", values.getJsonArray("meter_values").getJsonObject(1).getString("unit"));
    JsonArray chart = values.getJsonArray("chart_data");
    assertEquals(3, chart.size());
    assertEquals("0.000", chart.getJsonObject(0).getString("energy_kwh"));
    assertEquals("2.000", chart.getJsonObject(1).getString("energy_kwh"));
    assertEquals("7.000", chart.getJsonObject(1).getString("power_kw"));
    assertEquals("5.000", chart.getJsonObject(2).getString("energy_kwh"));
    assertError(api.get("/api/admin/transactions/999/meter-values", admin), 404, "/api/admin/transactions/999/meter-values");
  }

  @Test
  void theCsvExportHoldsTheFilteredTransactions() throws Exception {
    HttpResponse<Buffer> csv = api.get("/api/admin/transactions/export?status=COMPLETED", admin);
    assertEquals(200, csv.statusCode(), csv.bodyAsString());
    assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
    String[] lines = csv.bodyAsString().split("\r\n");
    assertEquals(3, lines.length, csv.bodyAsString());
    assertTrue(lines[0].startsWith("id,charge_point_id,connector_id,user_id,id_tag,status"), lines[0]);
    assertTrue(lines[1].startsWith("104,CP-TX-B,1,,\"OTHER,\"\"TAG\",COMPLETED"), lines[1]);
    assertTrue(lines[2].startsWith("101,CP-TX-A,1," + driverId + ",TAG,COMPLETED,2026-03-01T10:00:00Z"), lines[2]);
  }

  @Test
  void aDriverSeesOnlyTheirOwnSessions() throws Exception {
    assertEquals(List.of(103L, 102L, 101L), ids(ok("/users/my-sessions", driver)));
    assertEquals(List.of(101L), ids(ok("/users/my-sessions?status=COMPLETED", driver)));
    assertEquals(List.of(103L, 102L, 101L), ids(ok("/users/" + driverId + "/transactions", driver)));
    JsonObject summary = ok("/users/" + driverId + "/transactions-summary", driver);
    assertEquals(3, summary.getInteger("total_transactions"));
    assertEquals("62.50", summary.getString("total_amount"));
    String stranger = api.token("USER", "driver-stranger");
    assertEquals(List.of(), ids(ok("/users/my-sessions", stranger)));
    assertError(api.get("/users/" + driverId + "/transactions", stranger), 403, "/users/" + driverId + "/transactions");
    assertError(api.get("/users/987654/transactions-summary", admin), 404, "/users/987654/transactions-summary");
  }

  @Test
  void theOcppLogIsFilteredAndPaged() throws Exception {
    JsonObject all = ok("/api/logs", admin);
    assertEquals(7, all.getInteger("total"));
    // An exchange is two frames, its answer first (newest first), each with its own id, direction and time.
    JsonObject answer = all.getJsonArray("data").getJsonObject(0);
    assertEquals(List.of(1000L, "IN", 3, "UnlockConnector", "m5", "2026-03-02T09:07:02Z"), List.of(answer.getLong("id"),
        answer.getString("direction"), answer.getInteger("message_type"), answer.getString("action"),
        answer.getString("message_id"), answer.getString("timestamp")));
    assertEquals(new JsonObject().put("status", "Unlocked"), answer.getJsonObject("payload"));
    JsonObject unlock = all.getJsonArray("data").getJsonObject(1);
    assertEquals(List.of("OUT", 2, "2026-03-02T09:07:00Z"), List.of(unlock.getString("direction"),
        unlock.getInteger("message_type"), unlock.getString("timestamp")));
    assertEquals(new JsonObject().put("connectorId", 1), unlock.getJsonObject("payload"));
    JsonObject reset = all.getJsonArray("data").getJsonObject(2);
    assertEquals("Reset", reset.getString("action"));
    assertEquals("OUT", reset.getString("direction"));
    assertEquals("2026-03-02T09:06:00Z", reset.getString("timestamp"));
    assertEquals(new JsonObject().put("type", "Soft"), reset.getJsonObject("payload"));
    // Heartbeat is left out of the action index (V36) and found through the time index; Reset is in it.
    assertEquals(2, ok("/api/logs?action=Heartbeat", admin).getInteger("total"));
    JsonObject resets = ok("/api/logs?action=Reset", admin);
    assertEquals(1, resets.getInteger("total"));
    assertEquals("2026-03-02T09:06:00Z", resets.getJsonArray("data").getJsonObject(0).getString("timestamp"));
    assertEquals(4, ok("/api/logs?direction=IN", admin).getInteger("total"));
    assertEquals(List.of(1000L), ids(ok("/api/logs/CP-TX-B?direction=IN&action=UnlockConnector", admin)));
    // A time range takes the frames within it, and so one frame of an exchange without the other.
    JsonObject answerOnly = ok("/api/logs?start_date=2026-03-02T09:07:01Z", admin);
    assertEquals(List.of(1000L), ids(answerOnly));
    assertEquals(1, answerOnly.getInteger("total"));
    assertEquals(2, ok("/api/logs/CP-TX-B?direction=OUT", admin).getInteger("total"));
    JsonObject call = ok("/api/logs?start_date=2026-03-02T09:06:30Z&end_date=2026-03-02T09:07:01Z", admin);
    assertEquals(1, call.getInteger("total"));
    assertEquals("m5", call.getJsonArray("data").getJsonObject(0).getString("message_id"));
    assertEquals(2, call.getJsonArray("data").getJsonObject(0).getInteger("message_type"));
    JsonObject one = ok("/api/logs/CP-TX-A?limit=1&page=3", admin);
    assertEquals(3, one.getInteger("total"));
    JsonObject boot = one.getJsonArray("data").getJsonObject(0);
    // The charger's own JSON keeps its names.
    assertEquals("Acme", boot.getJsonObject("payload").getString("chargePointVendor"));
    assertEquals(3, ok("/api/logs?start_date=2026-03-01T09:00:01Z&end_date=2026-03-02T09:06:00Z", admin).getInteger("total"));
    assertError(api.get("/api/logs?direction=SIDEWAYS", admin), 422, "/api/logs");
  }
}
