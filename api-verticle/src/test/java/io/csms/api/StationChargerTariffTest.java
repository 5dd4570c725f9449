package io.csms.api;

import static io.csms.api.ErrorShape.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** Stations, chargers, connectors and tariffs through REST, against the real persistence verticle. */
class StationChargerTariffTest extends ApiSliceTest {

  private static long station(String name, String address) throws Exception {
    return ok(api.post("/api/admin/stations", admin, new JsonObject().put("name", name).put("address", address)
        .put("latitude", 12.97).put("longitude", 77.59)), 201).getJsonObject("station").getLong("id");
  }

  @Test
  void stationsAreCreatedListedSearchedPagedUpdatedAndDeleted() throws Exception {
    JsonObject created = ok(api.post("/api/admin/stations", admin, new JsonObject().put("name", "Depot North")
        .put("address", "1 Ring Road").put("city", "Pune").put("latitude", 18.5).put("power_limit_w", 44000)), 201);
    assertEquals("Station created successfully", created.getString("message"));
    JsonObject station = created.getJsonObject("station");
    long id = station.getLong("id");
    assertEquals("Depot North", station.getString("name"));
    assertEquals(18.5, station.getDouble("latitude"));
    assertEquals("44000.0", station.getString("power_limit_w"));
    assertEquals(0, station.getInteger("_charger_count"));
    station("Mall Zeta", "9 Market Street");
    station("Mall Theta", "10 Market Street");

    JsonObject search = ok(api.get("/api/admin/stations?search=market%20street", admin), 200);
    assertEquals(2, search.getInteger("total"));
    JsonObject page2 = ok(api.get("/api/admin/stations?search=mall&limit=1&page=2", admin), 200);
    assertEquals(2, page2.getInteger("total"));
    assertEquals(1, page2.getJsonArray("data").size());
    assertEquals(2, page2.getInteger("page"));
    assertEquals(1, page2.getInteger("limit"));
    assertEquals("Mall Theta", page2.getJsonArray("data").getJsonObject(0).getString("name"));

    JsonObject updated = ok(api.put("/api/admin/stations/" + id, admin, new JsonObject().put("name", "Depot N")
        .putNull("city")), 200).getJsonObject("station");
    assertEquals("Depot N", updated.getString("name"));
    assertNull(updated.getValue("city"));
    assertEquals("1 Ring Road", updated.getString("address"));

    assertEquals("Station deleted successfully", ok(api.delete("/api/admin/stations/" + id, admin), 200).getString("message"));
    assertError(api.get("/api/admin/stations/" + id, admin), 404, "/api/admin/stations/" + id);
    assertError(api.put("/api/admin/stations/" + id, admin, new JsonObject().put("name", "x")), 404, "/api/admin/stations/" + id);
    assertError(api.delete("/api/admin/stations/" + id, admin), 404, "/api/admin/stations/" + id);
  }

  @Test
  void chargersCarryStationConnectorsAndConnectionState() throws Exception {
    long stationId = station("Charger Hub", "5 Hub Lane");
    JsonObject created = ok(api.post("/api/admin/chargers", admin, new JsonObject().put("charge_point_id", "CP-HUB-1")
        .put("station_id", stationId).put("name", "Hub one").put("serial_number", "SN-777")
        .put("connectors", new JsonArray().add(new JsonObject().put("connector_id", 1).put("connector_type", "CCS2")
            .put("max_power_w", 60000)).add(new JsonObject().put("connector_id", 2)))), 201);
    JsonObject charger = created.getJsonObject("charger");
    long id = charger.getLong("id");
    assertEquals("/ocpp/CP-HUB-1", created.getString("ocpp_url"));
    assertEquals(false, charger.getBoolean("is_connected"));
    assertEquals(false, charger.getBoolean("connection_status"));
    assertEquals("Charger Hub", charger.getJsonObject("station").getString("name"));
    assertEquals(2, charger.getJsonArray("connectors").size());
    assertEquals("CCS2", charger.getJsonArray("connectors").getJsonObject(0).getString("connector_type"));
    assertEquals("60000.0", charger.getJsonArray("connectors").getJsonObject(0).getString("max_power_w"));

    assertError(api.post("/api/admin/chargers", admin, new JsonObject().put("charge_point_id", "CP-HUB-1")), 409,
        "/api/admin/chargers");
    assertError(api.post("/api/admin/chargers", admin, new JsonObject().put("charge_point_id", "bad id/with slash")),
        422, "/api/admin/chargers");
    ok(api.post("/api/admin/chargers", admin, new JsonObject().put("charge_point_id", "CP-OTHER-2").put("name", "Other")), 201);

    assertEquals(1, ok(api.get("/api/admin/chargers?station_id=" + stationId, admin), 200).getInteger("total"));
    assertEquals(1, ok(api.get("/api/admin/chargers?search=sn-77", admin), 200).getInteger("total"));
    assertEquals(1, ok(api.get("/api/admin/chargers?status=Unavailable&station_id=" + stationId, admin), 200).getInteger("total"));
    assertEquals(0, ok(api.get("/api/admin/chargers?status=Charging&station_id=" + stationId, admin), 200).getInteger("total"));
    assertEquals(1, ok(api.get("/api/admin/stations/" + stationId, admin), 200).getJsonArray("chargers").size());
    assertEquals(1, ok(api.get("/api/admin/stations?search=hub%20lane", admin), 200).getJsonArray("data")
        .getJsonObject(0).getInteger("_charger_count"));

    JsonObject detail = ok(api.get("/api/admin/chargers/" + id, admin), 200);
    assertEquals("CP-HUB-1", detail.getJsonObject("charger").getString("charge_point_id"));
    assertEquals(2, detail.getJsonArray("connectors").size());
    assertNull(detail.getValue("current_transaction"));

    JsonObject updated = ok(api.put("/api/admin/chargers/" + id, admin, new JsonObject().put("name", "Hub 1")
        .putNull("station_id")), 200).getJsonObject("charger");
    assertEquals("Hub 1", updated.getString("name"));
    assertNull(updated.getValue("station"));

    // connectors
    assertEquals(201, api.post("/api/admin/chargers/" + id + "/connectors", admin, new JsonObject().put("connector_id", 3)).statusCode());
    assertError(api.post("/api/admin/chargers/" + id + "/connectors", admin, new JsonObject().put("connector_id", 3)), 409,
        "/api/admin/chargers/" + id + "/connectors");
    JsonObject connector = ok(api.put("/api/admin/chargers/" + id + "/connectors/3", admin,
        new JsonObject().put("connector_type", "Type2")), 200).getJsonObject("connector");
    assertEquals("Type2", connector.getString("connector_type"));
    assertEquals(200, api.delete("/api/admin/chargers/" + id + "/connectors/3", admin).statusCode());
    assertError(api.delete("/api/admin/chargers/" + id + "/connectors/3", admin), 404, "/api/admin/chargers/" + id + "/connectors/3");
    assertEquals(2, ok(api.get("/api/admin/chargers/" + id + "/connectors", admin), 200).getJsonArray("data").size());

    // the seed system's list
    HttpResponse<Buffer> chargePoints = api.get("/api/charge-points", admin);
    assertEquals(200, chargePoints.statusCode());
    JsonArray all = chargePoints.bodyAsJsonArray();
    assertTrue(all.stream().anyMatch(c -> "CP-HUB-1".equals(((JsonObject) c).getString("charge_point_id"))
        && Boolean.FALSE.equals(((JsonObject) c).getBoolean("is_connected"))), all.encode());

    assertEquals(200, api.delete("/api/admin/chargers/" + id, admin).statusCode());
    assertError(api.get("/api/admin/chargers/" + id, admin), 404, "/api/admin/chargers/" + id);
  }

  @Test
  void tariffsAreAssignedAndOneDefaultAtATime() throws Exception {
    long stationId = station("Tariff Plaza", "7 Price Road");
    long chargerId = ok(api.post("/api/admin/chargers", admin, new JsonObject().put("charge_point_id", "CP-TARIFF-1")), 201)
        .getJsonObject("charger").getLong("id");
    JsonObject first = ok(api.post("/api/admin/tariffs", admin, new JsonObject().put("name", "Standard")
        .put("price_per_kwh", "12.5").put("is_default", true)), 201).getJsonObject("tariff");
    assertEquals("12.5000", first.getString("price_per_kwh"));
    assertEquals("0.00", first.getString("session_fee"));
    assertEquals("INR", first.getString("currency"));
    assertTrue(first.getBoolean("is_default"));

    JsonObject second = ok(api.post("/api/admin/tariffs", admin, new JsonObject().put("name", "Fast")
        .put("price_per_kwh", "18").put("session_fee", "5.00").put("is_default", true)
        .put("charger_ids", new JsonArray().add(chargerId)).put("station_ids", new JsonArray().add(stationId))), 201)
        .getJsonObject("tariff");
    assertEquals(new JsonArray().add(chargerId), second.getJsonArray("charger_ids"));
    assertEquals(new JsonArray().add(stationId), second.getJsonArray("station_ids"));
    assertFalse(ok(api.get("/api/admin/tariffs/" + first.getLong("id"), admin), 200).getJsonObject("tariff").getBoolean("is_default"));
    assertEquals(second.getLong("id"), ok(api.get("/api/admin/chargers/" + chargerId, admin), 200)
        .getJsonObject("charger").getLong("tariff_id"));

    assertError(api.post("/api/admin/tariffs", admin, new JsonObject().put("name", "Bad").put("price_per_kwh", "-1")),
        422, "/api/admin/tariffs");
    assertError(api.post("/api/admin/tariffs", admin, new JsonObject().put("name", "Ghost").put("price_per_kwh", "1")
        .put("charger_ids", new JsonArray().add(987654))), 422, "/api/admin/tariffs");
    assertEquals(2, ok(api.get("/api/admin/tariffs", admin), 200).getInteger("total"), "the refused tariff left no row");

    JsonObject updated = ok(api.put("/api/admin/tariffs/" + second.getLong("id"), admin,
        new JsonObject().put("price_per_kwh", "20.25")), 200).getJsonObject("tariff");
    assertEquals("20.2500", updated.getString("price_per_kwh"));
    assertEquals(200, api.delete("/api/admin/tariffs/" + second.getLong("id"), admin).statusCode());
    assertNull(ok(api.get("/api/admin/chargers/" + chargerId, admin), 200).getJsonObject("charger").getValue("tariff_id"));
    assertError(api.get("/api/admin/tariffs/" + second.getLong("id"), admin), 404, "/api/admin/tariffs/" + second.getLong("id"));
  }
}
