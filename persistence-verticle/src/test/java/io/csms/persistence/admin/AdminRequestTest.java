package io.csms.persistence.admin;

import static io.csms.bus.AdminStoreAddresses.CHARGER_CREATE;
import static io.csms.bus.AdminStoreAddresses.CHARGER_GET;
import static io.csms.bus.AdminStoreAddresses.STATION_CREATE;
import static io.csms.bus.AdminStoreAddresses.STATION_DELETE;
import static io.csms.bus.AdminStoreAddresses.STATION_GET;
import static io.csms.bus.AdminStoreAddresses.TARIFF_CREATE;
import static io.csms.bus.AdminStoreAddresses.TRANSACTION_LIST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.csms.bus.BusFailure;
import io.csms.persistence.PersistenceBus;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The management API's stores parse, refuse and answer requests the same way as the OCPP-facing ones. */
@ExtendWith(VertxExtension.class)
class AdminRequestTest {
  private static PersistenceBus bus;

  @BeforeAll
  static void start(Vertx vertx) {
    bus = PersistenceBus.start(vertx);
  }

  @AfterAll
  static void stop() {
    bus.close();
  }

  @Test
  void aMissingOrIllTypedIdIsInvalidNotAnInternalError() {
    ReplyException missing = bus.failure(STATION_GET, new JsonObject());
    assertEquals(BusFailure.INVALID, missing.failureCode());
    assertEquals("id is required", missing.getMessage());
    assertEquals(BusFailure.INVALID, bus.failureCode(STATION_GET, new JsonObject().put("id", "seven")));
    assertEquals(BusFailure.INVALID, bus.failureCode(CHARGER_GET, new JsonObject()));
  }

  @Test
  void anUnknownIdIsNotFoundInTheSharedWording() {
    ReplyException failure = bus.failure(STATION_DELETE, new JsonObject().put("id", 987654));
    assertEquals(BusFailure.NOT_FOUND, failure.failureCode());
    assertEquals("no station 987654", failure.getMessage());
  }

  @Test
  void aCreateWithoutAnyFieldIsRefusedAsInvalid() {
    assertEquals(BusFailure.INVALID, bus.failureCode(STATION_CREATE, new JsonObject()));
    assertEquals(0, bus.count("SELECT count(*) FROM stations WHERE name IS NULL"));
  }

  @Test
  void aDuplicateIsAConflict() {
    bus.request(CHARGER_CREATE, new JsonObject().put("chargePointId", "CS-ADMIN-DUP"));
    ReplyException failure = bus.failure(CHARGER_CREATE, new JsonObject().put("chargePointId", "CS-ADMIN-DUP"));
    assertEquals(BusFailure.CONFLICT, failure.failureCode());
    assertFalse(failure.getMessage().contains("Exception"), failure.getMessage());
  }

  @Test
  void aChargerIsCreatedWithAllItsConnectorsOrNotAtAll() {
    JsonObject created = bus.request(CHARGER_CREATE, new JsonObject().put("chargePointId", "CS-ADMIN-1")
        .put("connectors", new JsonArray()
            .add(new JsonObject().put("connectorId", 1).put("connectorType", "Type2").put("maxPowerW", "22000"))
            .add(new JsonObject().put("connectorId", 2))));
    JsonArray connectors = created.getJsonObject("charger").getJsonArray("connectors");
    assertEquals(2, connectors.size());
    assertEquals("Type2", connectors.getJsonObject(0).getString("connectorType"));
    assertEquals("22000.0", connectors.getJsonObject(0).getString("maxPowerW"));
    assertEquals(null, connectors.getJsonObject(1).getString("connectorType"));

    // The second connector repeats the first's id: nothing of this charger is kept.
    assertEquals(BusFailure.CONFLICT, bus.failureCode(CHARGER_CREATE, new JsonObject().put("chargePointId", "CS-ADMIN-2")
        .put("connectors", new JsonArray().add(new JsonObject().put("connectorId", 1))
            .add(new JsonObject().put("connectorId", 1)))));
    assertEquals(BusFailure.INVALID, bus.failureCode(CHARGER_CREATE, new JsonObject().put("chargePointId", "CS-ADMIN-3")
        .put("connectors", new JsonArray().add("one"))));
    assertEquals(0, bus.count("SELECT count(*) FROM chargers WHERE charge_point_id IN ('CS-ADMIN-2', 'CS-ADMIN-3')"));
  }

  @Test
  void tariffAssignmentsNeedWholeIds() {
    assertEquals(BusFailure.INVALID, bus.failureCode(TARIFF_CREATE, new JsonObject().put("name", "T-bad")
        .put("pricePerKwh", "10").put("chargerIds", new JsonArray().add(1.5))));
    assertEquals(0, bus.count("SELECT count(*) FROM tariffs WHERE name = 'T-bad'"));
  }

  @Test
  void filterInstantsMustCarryAnOffset() {
    assertEquals(BusFailure.INVALID, bus.failureCode(TRANSACTION_LIST,
        new JsonObject().put("startDate", "2025-03-01T10:00:00")));
    // A '+' that a query string turned into a space is still an offset.
    JsonObject page = bus.request(TRANSACTION_LIST, new JsonObject().put("startDate", "2025-03-01T10:00:00 05:30"));
    assertEquals(0L, page.getLong("total"));
  }
}
