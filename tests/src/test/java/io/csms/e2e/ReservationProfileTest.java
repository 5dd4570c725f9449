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
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Reservation profile against a whole node: reservations made through the API reach a real WebSocket
 * charger, one is used by a StartTransaction, one expires in a scan run "later", one is cancelled by its
 * connector faulting, and one by the operator.
 */
class ReservationProfileTest {
  static RunningNode node;
  static AdminApi api;
  static OcppTestClient cp;
  static long chargerId;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start();
    api = new AdminApi(node);
    chargerId = (Long) Sql.value(node.db, "INSERT INTO chargers (charge_point_id) VALUES ('RES-CP-1') RETURNING id");
    for (String tag : List.of("TAG-R1", "TAG-R2", "TAG-R3", "TAG-R4")) {
      Sql.execute(node.db, "INSERT INTO users (name, rfid_id_tag) VALUES (?, ?)", "user " + tag, tag);
    }
    cp = Await.result(OcppTestClient.connect(node.node.vertx(), node.ocppUrl(), "RES-CP-1"));
    // Connector 4 is busy: the charger says so.
    cp.onCall("ReserveNow", p -> Future.succeededFuture(new JsonObject()
        .put("status", p.getInteger("connectorId") == 4 ? "Occupied" : "Accepted")));
    cp.onCall("CancelReservation", p -> Future.succeededFuture(new JsonObject().put("status", "Accepted")));
    Await.result(cp.call("BootNotification", new JsonObject().put("chargePointVendor", "Acme")
        .put("chargePointModel", "AC")));
  }

  @AfterAll
  static void stop() {
    Await.result(cp.close());
    node.close();
  }

  private static long userId(String tag) {
    return (Long) Sql.value(node.db, "SELECT id FROM users WHERE rfid_id_tag = ?", tag);
  }

  private static AdminApi.Reply reserve(String tag, int connectorId, OffsetDateTime expiry) {
    return api.post("/api/admin/chargers/" + chargerId + "/reserve-now", new JsonObject()
        .put("user_id", userId(tag)).put("connector_id", connectorId).put("expiry_date",
            // toString() drops ":00" seconds, which RFC 3339 date-time (and so the API) refuses.
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(expiry)));
  }

  private static Future<JsonObject> ended(int reservationId) {
    return BusEvents.next(node.node.vertx(), ProfileStoreAddresses.RESERVATION_ENDED,
        e -> e.getInteger("reservationId") == reservationId);
  }

  private static String now() {
    return OffsetDateTime.now(ZoneOffset.UTC).toString();
  }

  @Test
  void aReservationIsUsedOneExpiresOneIsCancelledByAFault() {
    OffsetDateTime inAnHour = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).truncatedTo(ChronoUnit.SECONDS);

    // Used: the charger starts a transaction carrying the reservation id.
    JsonObject used = reserve("TAG-R1", 1, inAnHour).ok();
    assertTrue(used.getBoolean("success"), used.encode());
    JsonObject usedReservation = used.getJsonObject("reservation");
    assertEquals("ACTIVE", usedReservation.getString("status"));
    assertEquals("Accepted", usedReservation.getString("charger_answer"));
    int usedId = usedReservation.getInteger("id");
    JsonObject sent = cp.receivedCalls().stream().filter(c -> c.getString("action").equals("ReserveNow"))
        .reduce((a, b) -> b).orElseThrow().getJsonObject("payload");
    assertEquals(usedId, sent.getInteger("reservationId"));
    assertEquals("TAG-R1", sent.getString("idTag"));
    assertEquals(1, sent.getInteger("connectorId"));
    assertEquals(inAnHour.toInstant(), OffsetDateTime.parse(sent.getString("expiryDate")).toInstant());

    // A second reservation of the same connector is refused before anything is sent.
    assertEquals(409, reserve("TAG-R2", 1, inAnHour).status());

    Future<JsonObject> usedEvent = ended(usedId);
    long transactionId = Await.result(cp.call("StartTransaction", new JsonObject().put("connectorId", 1)
        .put("idTag", "TAG-R1").put("meterStart", 0).put("timestamp", now()).put("reservationId", usedId)))
        .getLong("transactionId");
    assertEquals("USED", Await.result(usedEvent).getString("status"));
    JsonObject afterUse = api.get("/api/admin/reservations/" + usedId).ok().getJsonObject("reservation");
    assertEquals("USED", afterUse.getString("status"));
    assertEquals(transactionId, afterUse.getLong("transaction_id"));

    // Expired: a scan run as of after its expiry releases it (and nothing else).
    OffsetDateTime inTenMinutes = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(10);
    int expiringId = reserve("TAG-R2", 2, inTenMinutes).ok().getJsonObject("reservation").getInteger("id");
    int faultedId = reserve("TAG-R3", 3, inAnHour).ok().getJsonObject("reservation").getInteger("id");
    JsonObject scanBefore = Await.result(node.node.vertx().eventBus().<JsonObject>request(
        ProfileStoreAddresses.RESERVATION_SCAN, new JsonObject().put("now", inTenMinutes.minusSeconds(1).toString())))
        .body();
    assertEquals(new JsonArray(), scanBefore.getJsonArray("expired"));
    JsonObject scan = Await.result(node.node.vertx().eventBus().<JsonObject>request(
        ProfileStoreAddresses.RESERVATION_SCAN, new JsonObject().put("now", inTenMinutes.plusMinutes(1).toString())))
        .body();
    assertEquals(new JsonArray().add(expiringId), scan.getJsonArray("expired"));
    assertEquals("EXPIRED", api.get("/api/admin/reservations/" + expiringId).ok()
        .getJsonObject("reservation").getString("status"));

    // Cancelled by a fault: connector 3 reports Faulted.
    Future<JsonObject> faultEvent = ended(faultedId);
    Await.result(cp.call("StatusNotification", new JsonObject().put("connectorId", 3).put("status", "Faulted")
        .put("errorCode", "GroundFailure").put("timestamp", now())));
    JsonObject fault = Await.result(faultEvent);
    assertEquals("CANCELLED", fault.getString("status"));
    JsonObject afterFault = api.get("/api/admin/reservations/" + faultedId).ok().getJsonObject("reservation");
    assertEquals("CANCELLED", afterFault.getString("status"));
    assertEquals("Connector Faulted", afterFault.getString("end_reason"));

    // The list shows each outcome.
    JsonArray all = api.get("/api/admin/reservations?charger_id=" + chargerId).ok().getJsonArray("data");
    List<Integer> mine = List.of(usedId, expiringId, faultedId);
    assertEquals(List.of("CANCELLED", "EXPIRED", "USED"), all.stream().map(r -> (JsonObject) r)
        .filter(r -> mine.contains(r.getInteger("id"))).map(r -> r.getString("status")).toList());
  }

  @Test
  void aRefusingChargerAndAnOperatorCancelAreReportedCleanly() {
    OffsetDateTime inAnHour = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1);
    AdminApi.Reply occupied = reserve("TAG-R4", 4, inAnHour);
    assertEquals(200, occupied.status());
    assertFalse(occupied.body().getBoolean("success"));
    assertEquals("Occupied", occupied.body().getJsonObject("ocpp_response").getString("status"));
    assertEquals("REJECTED", occupied.body().getJsonObject("reservation").getString("status"));

    // The whole charger (connector 0), then cancelled by the operator.
    int id = reserve("TAG-R4", 0, inAnHour).ok().getJsonObject("reservation").getInteger("id");
    JsonObject cancelled = api.post("/api/admin/reservations/" + id + "/cancel", null).ok();
    assertTrue(cancelled.getBoolean("success"));
    assertEquals("CANCELLED", cancelled.getJsonObject("reservation").getString("status"));
    assertTrue(cp.receivedCalls().stream().anyMatch(c -> c.getString("action").equals("CancelReservation")
        && c.getJsonObject("payload").getInteger("reservationId") == id));
    assertEquals(409, api.post("/api/admin/reservations/" + id + "/cancel", null).status());

    // Bad input: an expiry in the past, an unknown user.
    assertEquals(409, reserve("TAG-R4", 0, inAnHour.minusHours(2)).status());
    assertEquals(404, api.post("/api/admin/chargers/" + chargerId + "/reserve-now", new JsonObject()
        .put("user_id", 999999).put("expiry_date", inAnHour.toString())).status());
    assertTrue(cp.protocolViolations().isEmpty(), cp.protocolViolations().toString());
  }
}
