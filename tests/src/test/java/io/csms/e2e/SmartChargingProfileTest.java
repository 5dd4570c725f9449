package io.csms.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.bus.ProfileStoreAddresses;
import io.csms.testing.OcppTestClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Smart Charging against a whole node: a station limit of 22 kW split among its running sessions as they
 * start and stop (the chargers are real WebSocket clients that keep the TxProfile limits they are sent), and
 * an operator's SetChargingProfile / ClearChargingProfile / GetCompositeSchedule through the API.
 */
class SmartChargingProfileTest {
  static RunningNode node;
  static AdminApi api;
  static OcppTestClient cpA;
  static OcppTestClient cpB;
  static OcppTestClient cpC;
  static long stationId;
  /** Each charger's current TxProfile limit per transaction, as the charger holds it. */
  static final Map<Long, Double> limits = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start();
    api = new AdminApi(node);
    stationId = (Long) Sql.value(node.db, "INSERT INTO stations (name, power_limit_w) VALUES ('Depot', 22000) RETURNING id");
    Sql.execute(node.db, "INSERT INTO chargers (charge_point_id, station_id) VALUES ('SC-A', ?), ('SC-B', ?)",
        stationId, stationId);
    Sql.execute(node.db, "INSERT INTO chargers (charge_point_id) VALUES ('SC-C')");
    Sql.execute(node.db, "INSERT INTO users (name, rfid_id_tag) VALUES ('Driver', 'TAG-SC')");
    cpA = charger("SC-A");
    cpB = charger("SC-B");
    cpC = charger("SC-C");
  }

  private static OcppTestClient charger(String id) {
    OcppTestClient cp = Await.result(OcppTestClient.connect(node.node.vertx(), node.ocppUrl(), id));
    cp.onCall("SetChargingProfile", p -> {
      JsonObject profile = p.getJsonObject("csChargingProfiles");
      if (profile.getInteger("stackLevel") > 5) {
        return Future.succeededFuture(new JsonObject().put("status", "Rejected"));
      }
      if (profile.getString("chargingProfilePurpose").equals("TxProfile")) {
        limits.put(profile.getLong("transactionId"), profile.getJsonObject("chargingSchedule")
            .getJsonArray("chargingSchedulePeriod").getJsonObject(0).getDouble("limit"));
      }
      return Future.succeededFuture(new JsonObject().put("status", "Accepted"));
    });
    cp.onCall("ClearChargingProfile", p -> Future.succeededFuture(new JsonObject().put("status", "Accepted")));
    cp.onCall("GetCompositeSchedule", p -> Future.succeededFuture(new JsonObject().put("status", "Accepted")
        .put("connectorId", p.getInteger("connectorId")).put("scheduleStart", now())
        .put("chargingSchedule", new JsonObject().put("duration", p.getInteger("duration"))
            .put("chargingRateUnit", "W").put("chargingSchedulePeriod", new JsonArray()
                .add(new JsonObject().put("startPeriod", 0).put("limit", 11000.0))))));
    return cp;
  }

  @AfterAll
  static void stop() {
    for (OcppTestClient cp : List.of(cpA, cpB, cpC)) {
      Await.result(cp.close());
    }
    node.close();
  }

  private static String now() {
    return OffsetDateTime.now(ZoneOffset.UTC).toString();
  }

  private static Future<JsonObject> splitAmong(int sessions) {
    return BusEvents.next(node.node.vertx(), ProfileStoreAddresses.STATION_POWER_SPLIT,
        e -> e.getLong("stationId") == stationId && e.getJsonArray("sessions").size() == sessions);
  }

  private static long startOn(OcppTestClient cp, int connectorId, int meterStart) {
    return Await.result(cp.call("StartTransaction", new JsonObject().put("connectorId", connectorId)
        .put("idTag", "TAG-SC").put("meterStart", meterStart).put("timestamp", now()))).getLong("transactionId");
  }

  private static void assertSplit(JsonObject split, String share, Map<Long, Double> expected) {
    assertEquals(share, split.getString("shareW"));
    for (Object s : split.getJsonArray("sessions")) {
      assertEquals("Accepted", ((JsonObject) s).getString("answer"), split.encode());
    }
    expected.forEach((tx, limit) -> assertEquals(limit, limits.get(tx), "limit of transaction " + tx));
  }

  @Test
  void aStationLimitOf22kWIsSplitOverTwoThenThreeSessions() {
    Future<JsonObject> one = splitAmong(1);
    long tx1 = startOn(cpA, 1, 0);
    assertSplit(Await.result(one), "22000", Map.of(tx1, 22000.0));

    Future<JsonObject> two = splitAmong(2);
    long tx2 = startOn(cpB, 1, 0);
    assertSplit(Await.result(two), "11000", Map.of(tx1, 11000.0, tx2, 11000.0));

    Future<JsonObject> three = splitAmong(3);
    long tx3 = startOn(cpA, 2, 0);
    assertSplit(Await.result(three), "7333", Map.of(tx1, 7333.0, tx2, 7333.0, tx3, 7333.0));
    assertTrue(limits.get(tx1) + limits.get(tx2) + limits.get(tx3) <= 22000.0);

    // A session stopping gives its share back to the others.
    Future<JsonObject> backToTwo = splitAmong(2);
    Await.result(cpB.call("StopTransaction", new JsonObject().put("transactionId", tx2).put("meterStop", 5000)
        .put("timestamp", now())));
    JsonObject afterStop = Await.result(backToTwo);
    assertSplit(afterStop, "11000", Map.of(tx1, 11000.0, tx3, 11000.0));
    assertEquals(List.of(tx1, tx3), afterStop.getJsonArray("sessions").stream()
        .map(s -> ((JsonObject) s).getLong("transactionId")).toList());

    // The operator lowers the limit and asks for a new split.
    Sql.execute(node.db, "UPDATE stations SET power_limit_w = 16000 WHERE id = ?", stationId);
    Future<JsonObject> lowered = BusEvents.next(node.node.vertx(), ProfileStoreAddresses.STATION_POWER_SPLIT,
        e -> e.getLong("stationId") == stationId && e.getString("shareW").equals("8000"));
    assertEquals(202, api.post("/api/admin/stations/" + stationId + "/power-split", null).status());
    assertSplit(Await.result(lowered), "8000", Map.of(tx1, 8000.0, tx3, 8000.0));
    assertEquals(404, api.post("/api/admin/stations/999999/power-split", null).status());

    // Stored and listed per charger: each session's latest split is ACTIVE, the earlier ones REPLACED.
    long chargerA = (Long) Sql.value(node.db, "SELECT id FROM chargers WHERE charge_point_id = 'SC-A'");
    JsonArray active = api.get("/api/admin/chargers/" + chargerA + "/charging-profiles?status=ACTIVE").ok()
        .getJsonArray("data");
    assertEquals(2, active.size());
    for (Object o : active) {
      JsonObject p = (JsonObject) o;
      assertEquals("STATION_LIMIT", p.getString("source"));
      assertEquals("TxProfile", p.getString("purpose"));
      assertEquals(8000, p.getJsonObject("profile").getJsonObject("charging_schedule")
          .getJsonArray("charging_schedule_period").getJsonObject(0).getInteger("limit"));
    }
    // tx1: 22000, 11000, 7333, 11000 replaced; tx3: 7333, 11000 replaced.
    assertEquals(6L, Sql.value(node.db, "SELECT count(*) FROM charging_profiles p JOIN chargers c ON c.id = p.charger_id"
        + " WHERE c.charge_point_id = 'SC-A' AND p.status = 'REPLACED'"));
    // The stopped session's TxProfile ended with it.
    Await.until("the stopped session's TxProfile is closed", () -> "CLEARED".equals(Sql.value(node.db,
        "SELECT status FROM charging_profiles WHERE transaction_id = ? ORDER BY id DESC LIMIT 1", tx2)));
    for (OcppTestClient cp : List.of(cpA, cpB)) {
      assertTrue(cp.protocolViolations().isEmpty(), cp.protocolViolations().toString());
    }
  }

  @Test
  void anOperatorSetsClearsAndReadsProfiles() {
    long chargerC = (Long) Sql.value(node.db, "SELECT id FROM chargers WHERE charge_point_id = 'SC-C'");
    String path = "/api/admin/chargers/" + chargerC + "/charging-profiles";
    JsonObject max = api.post(path, new JsonObject().put("connector_id", 0).put("cs_charging_profiles", new JsonObject()
        .put("stack_level", 1).put("charging_profile_purpose", "ChargePointMaxProfile")
        .put("charging_profile_kind", "Absolute").put("charging_schedule", new JsonObject()
            .put("charging_rate_unit", "A").put("start_schedule", now())
            .put("charging_schedule_period", new JsonArray()
                .add(new JsonObject().put("start_period", 0).put("limit", 32).put("number_phases", 3))
                .add(new JsonObject().put("start_period", 3600).put("limit", 16.5)))))).ok();
    assertTrue(max.getBoolean("success"), max.encode());
    JsonObject stored = max.getJsonObject("charging_profile");
    assertEquals("ACTIVE", stored.getString("status"));
    JsonObject sent = cpC.receivedCalls().stream().filter(c -> c.getString("action").equals("SetChargingProfile"))
        .findFirst().orElseThrow().getJsonObject("payload");
    assertEquals(0, sent.getInteger("connectorId"));
    assertEquals(stored.getInteger("charging_profile_id"), sent.getJsonObject("csChargingProfiles")
        .getInteger("chargingProfileId"));
    assertEquals(16.5, sent.getJsonObject("csChargingProfiles").getJsonObject("chargingSchedule")
        .getJsonArray("chargingSchedulePeriod").getJsonObject(1).getDouble("limit"));

    // Two TxDefaultProfiles at the same stack level: the second replaces the first.
    JsonObject txDefault = new JsonObject().put("stack_level", 0).put("charging_profile_purpose", "TxDefaultProfile")
        .put("charging_profile_kind", "Relative").put("charging_schedule", new JsonObject()
            .put("charging_rate_unit", "W").put("charging_schedule_period", new JsonArray()
                .add(new JsonObject().put("start_period", 0).put("limit", 7400))));
    long first = api.post(path, new JsonObject().put("connector_id", 1).put("cs_charging_profiles", txDefault)).ok()
        .getJsonObject("charging_profile").getLong("id");
    api.post(path, new JsonObject().put("connector_id", 1).put("cs_charging_profiles", txDefault)).ok();
    assertEquals("REPLACED", Sql.value(node.db, "SELECT status FROM charging_profiles WHERE id = ?", first));

    // A charger's Rejected is an answer, not a server error.
    JsonObject rejected = api.post(path, new JsonObject().put("connector_id", 1).put("cs_charging_profiles",
        txDefault.copy().put("stack_level", 9))).ok();
    assertFalse(rejected.getBoolean("success"));
    assertEquals("REJECTED", rejected.getJsonObject("charging_profile").getString("status"));

    // A negative limit is refused by the contract before anything is stored or sent.
    assertEquals(422, api.post(path, new JsonObject().put("connector_id", 1).put("cs_charging_profiles",
        txDefault.copy().put("charging_schedule", new JsonObject().put("charging_rate_unit", "W")
            .put("charging_schedule_period", new JsonArray().add(new JsonObject().put("start_period", 0)
                .put("limit", -1)))))).status());

    JsonObject clear = api.post(path + "/clear", new JsonObject().put("charging_profile_purpose", "TxDefaultProfile"))
        .ok();
    assertTrue(clear.getBoolean("success"));
    assertEquals(1, clear.getInteger("cleared"));
    JsonArray stillActive = api.get(path + "?status=ACTIVE").ok().getJsonArray("data");
    assertEquals(1, stillActive.size());
    assertEquals("ChargePointMaxProfile", stillActive.getJsonObject(0).getString("purpose"));

    JsonObject composite = api.post("/api/admin/chargers/" + chargerC + "/composite-schedule", new JsonObject()
        .put("connector_id", 1).put("duration", 3600).put("charging_rate_unit", "W")).ok();
    assertTrue(composite.getBoolean("success"));
    assertEquals(3600, composite.getJsonObject("ocpp_response").getJsonObject("chargingSchedule")
        .getInteger("duration"));
    assertTrue(cpC.protocolViolations().isEmpty(), cpC.protocolViolations().toString());
  }
}
