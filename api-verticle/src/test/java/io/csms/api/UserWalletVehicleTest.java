package io.csms.api;

import static io.csms.api.ErrorShape.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** Users, their profile, role and status; wallet top-ups with an Idempotency-Key; the ledger; vehicles. */
class UserWalletVehicleTest extends ApiSliceTest {

  private static long userOf(String token) throws Exception {
    return ok(api.get("/users/me", token), 200).getJsonObject("user").getLong("id");
  }

  private static HttpResponse<Buffer> topUp(long userId, String amount, String key) throws Exception {
    var request = api.request(HttpMethod.POST, "/users/" + userId + "/wallet-topups", admin);
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return ApiFixture.await(request.sendJsonObject(new JsonObject().put("amount", amount).put("description", "counter")));
  }

  @Test
  void topUpsApplyOncePerIdempotencyKeyAndTheLedgerRunsItsBalance() throws Exception {
    String driver = api.token("USER", "wallet-driver");
    long id = userOf(driver);
    JsonObject first = ok(topUp(id, "100.50", "key-1"), 201);
    assertEquals("100.50", first.getString("wallet_balance"));
    assertFalse(first.getBoolean("duplicate"));
    JsonObject again = ok(topUp(id, "100.50", "key-1"), 200);
    assertTrue(again.getBoolean("duplicate"));
    assertEquals("100.50", again.getString("wallet_balance"));
    assertEquals(first.getLong("ledger_entry_id"), again.getLong("ledger_entry_id"));
    assertEquals("201.00", ok(topUp(id, "100.5", "key-2"), 201).getString("wallet_balance"));
    assertEquals("226.00", ok(topUp(id, "25", null), 201).getString("wallet_balance"));

    String path = "/users/" + id + "/wallet-topups";
    assertError(topUp(id, "0", "key-0"), 422, path);
    assertError(topUp(id, "1.234", "key-x"), 422, path);
    assertError(topUp(id, "-5", "key-y"), 422, path);
    assertError(topUp(987654, "5", "key-z"), 404, "/users/987654/wallet-topups");
    assertError(api.post(path, driver, new JsonObject().put("amount", "5")), 403, path);

    JsonObject ledger = ok(api.get("/users/" + id + "/wallet-transactions?limit=2", driver), 200);
    assertEquals("226.00", ledger.getString("wallet_balance"));
    assertEquals(3, ledger.getInteger("total"));
    JsonArray entries = ledger.getJsonArray("data");
    assertEquals(2, entries.size());
    assertEquals("25.00", entries.getJsonObject(0).getString("amount"));
    assertEquals("226.00", entries.getJsonObject(0).getString("running_balance"));
    assertEquals("201.00", entries.getJsonObject(1).getString("running_balance"));
    assertEquals("TOP_UP", entries.getJsonObject(1).getString("type"));
    assertEquals("100.50", ok(api.get("/users/" + id + "/wallet-transactions?page=2&limit=2", driver), 200)
        .getJsonArray("data").getJsonObject(0).getString("running_balance"));
    assertEquals("226.00", ok(api.get("/users/" + id, admin), 200).getJsonObject("user").getJsonObject("wallet")
        .getString("balance"));
  }

  private static HttpResponse<Buffer> adjust(long userId, String type, String amount, String key) throws Exception {
    var request = api.request(HttpMethod.POST, "/users/" + userId + "/wallet-adjustments", admin);
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return ApiFixture.await(request.sendJsonObject(new JsonObject().put("entry_type", type).put("amount", amount)
        .put("description", "goodwill")));
  }

  @Test
  void refundsAndAdjustmentsAreLedgerEntriesThatNeverOverdraw() throws Exception {
    String driver = api.token("USER", "refund-driver");
    long id = userOf(driver);
    ok(topUp(id, "100.00", "refund-topup"), 201);
    JsonObject refund = ok(adjust(id, "REFUND", "20.00", "refund-1"), 201);
    assertEquals("120.00", refund.getString("wallet_balance"));
    assertTrue(ok(adjust(id, "REFUND", "20.00", "refund-1"), 200).getBoolean("duplicate"), "applied once per key");
    assertEquals("95.50", ok(adjust(id, "ADJUSTMENT", "-24.50", "adjust-1"), 201).getString("wallet_balance"));

    String path = "/users/" + id + "/wallet-adjustments";
    assertError(adjust(id, "ADJUSTMENT", "-500.00", "adjust-2"), 409, path);
    assertError(adjust(id, "REFUND", "-5.00", "refund-2"), 422, path);
    assertError(adjust(id, "BONUS", "5.00", "bonus-1"), 422, path);
    assertError(api.post(path, driver, new JsonObject().put("entry_type", "REFUND").put("amount", "5")
        .put("description", "mine")), 403, path);

    JsonArray entries = ok(api.get("/users/" + id + "/wallet-transactions?limit=10", driver), 200).getJsonArray("data");
    assertEquals(3, entries.size(), "the overdraw and the bad requests wrote nothing");
    assertEquals("ADJUSTMENT", entries.getJsonObject(0).getString("type"));
    assertEquals("-24.50", entries.getJsonObject(0).getString("amount"));
    assertEquals("95.50", entries.getJsonObject(0).getString("running_balance"));
    assertEquals("REFUND", entries.getJsonObject(1).getString("type"));
  }

  @Test
  void profilesRolesAndStatus() throws Exception {
    String driver = api.token("USER", "profile-driver");
    long id = userOf(driver);
    JsonObject updated = ok(api.put("/users/" + id, driver, new JsonObject().put("name", "Asha").put("phone", "+91 98")), 200)
        .getJsonObject("user");
    assertEquals("Asha", updated.getString("name"));
    assertError(api.put("/users/" + id, driver, new JsonObject().put("rfid_id_tag", "MINE")), 403, "/users/" + id);
    assertEquals("RFID-PROFILE", ok(api.put("/users/" + id, admin, new JsonObject().put("rfid_id_tag", "RFID-PROFILE")), 200)
        .getJsonObject("user").getString("rfid_id_tag"));
    String otherToken = api.token("USER", "profile-other");
    long other = userOf(otherToken);
    assertError(api.put("/users/" + other, admin, new JsonObject().put("rfid_id_tag", "RFID-PROFILE")), 409, "/users/" + other);
    assertError(api.put("/users/" + id, driver, new JsonObject().put("email", 42)), 422, "/users/" + id);

    assertEquals(false, ok(api.put("/users/" + other + "/status", admin, new JsonObject().put("is_active", false)), 200)
        .getJsonObject("user").getBoolean("is_active"));
    assertError(api.get("/users/me", otherToken), 403, "/users/me");
    ok(api.put("/users/" + other + "/status", admin, new JsonObject().put("is_active", true)), 200);
    assertError(api.get("/api/admin/stations", otherToken), 403, "/api/admin/stations");
    assertEquals("ADMIN", ok(api.put("/users/" + other + "/role", admin, new JsonObject().put("role", "ADMIN")), 200)
        .getJsonObject("user").getString("role"));
    // Promoted: the same USER token now reaches ADMIN operations.
    assertEquals(200, api.get("/api/admin/stations", otherToken).statusCode());
    assertError(api.put("/users/" + other + "/role", admin, new JsonObject().put("role", "ROOT")), 422, "/users/" + other + "/role");
    assertError(api.put("/users/987654/role", admin, new JsonObject().put("role", "USER")), 404, "/users/987654/role");

    JsonObject admins = ok(api.get("/users?role=ADMIN", admin), 200);
    assertTrue(admins.getJsonArray("data").stream().anyMatch(u -> ((JsonObject) u).getLong("id") == other));
    assertTrue(admins.getJsonArray("data").stream().allMatch(u -> "ADMIN".equals(((JsonObject) u).getString("role"))));
    JsonObject search = ok(api.get("/users?search=asha", admin), 200);
    assertEquals(1, search.getInteger("total"));
    assertEquals("0.00", search.getJsonArray("data").getJsonObject(0).getJsonObject("wallet").getString("balance"));
    JsonObject paged = ok(api.get("/users?limit=1&page=2", admin), 200);
    assertEquals(1, paged.getJsonArray("data").size());
    assertTrue(paged.getInteger("total") >= 2);
  }

  @Test
  void vehicleProfilesBelongToTheirUser() throws Exception {
    String driver = api.token("USER", "vehicle-driver");
    long id = userOf(driver);
    String base = "/users/" + id + "/vehicle-profiles";
    JsonObject created = ok(api.post(base, driver, new JsonObject().put("make", "Tata").put("model", "Nexon EV")
        .put("year", 2024).put("battery_capacity_kwh", 40.5).put("connector_type", "CCS2")), 201).getJsonObject("vehicle_profile");
    long vehicle = created.getLong("id");
    assertEquals("40.50", created.getString("battery_capacity_kwh"));
    assertEquals(1, ok(api.get(base, driver), 200).getJsonArray("data").size());
    assertEquals("Nexon EV Max", ok(api.put(base + "/" + vehicle, driver, new JsonObject().put("model", "Nexon EV Max")), 200)
        .getJsonObject("vehicle_profile").getString("model"));
    assertError(api.post(base, driver, new JsonObject().put("make", "X")), 422, base);

    String stranger = api.token("USER", "vehicle-stranger");
    long strangerId = userOf(stranger);
    assertError(api.delete(base + "/" + vehicle, stranger), 403, base + "/" + vehicle);
    // Even an ADMIN cannot reach a vehicle through the wrong user.
    assertError(api.delete("/users/" + strangerId + "/vehicle-profiles/" + vehicle, admin), 404,
        "/users/" + strangerId + "/vehicle-profiles/" + vehicle);
    assertEquals(200, api.delete(base + "/" + vehicle, driver).statusCode());
    assertEquals(0, ok(api.get(base, admin), 200).getJsonArray("data").size());
    assertError(api.get("/users/987654/vehicle-profiles", admin), 404, "/users/987654/vehicle-profiles");
  }
}
