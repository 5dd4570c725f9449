package io.csms.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.testing.OcppTestClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local Auth List Management against a whole node and a real WebSocket charger that keeps its list the way
 * OCPP says (Full replaces, Differential updates and removes, a version mismatch is refused).
 */
class LocalAuthListProfileTest {
  static RunningNode node;
  static AdminApi api;
  static OcppTestClient cp;
  static long chargerId;
  /** The charger's own list and version. */
  static final Map<String, String> held = new TreeMap<>();
  static final AtomicInteger heldVersion = new AtomicInteger();
  static final AtomicReference<String> nextAnswer = new AtomicReference<>("Accepted");

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start();
    api = new AdminApi(node);
    chargerId = (Long) Sql.value(node.db, "INSERT INTO chargers (charge_point_id) VALUES ('LAL-CP-1') RETURNING id");
    Sql.execute(node.db, "INSERT INTO users (name, rfid_id_tag) VALUES ('Asha', 'TAG-L1'), ('Bala', 'TAG-L2'), "
        + "('Chen', 'TAG-L3')");
    Sql.execute(node.db, "INSERT INTO users (name, email) VALUES ('No card', 'nocard@example.com')");
    cp = Await.result(OcppTestClient.connect(node.node.vertx(), node.ocppUrl(), "LAL-CP-1"));
    cp.onCall("SendLocalList", p -> {
      String answer = nextAnswer.get();
      if (!answer.equals("Accepted")) {
        return Future.succeededFuture(new JsonObject().put("status", answer));
      }
      synchronized (held) {
        if (p.getString("updateType").equals("Full")) {
          held.clear();
        }
        for (Object o : p.getJsonArray("localAuthorizationList", new JsonArray())) {
          JsonObject entry = (JsonObject) o;
          JsonObject info = entry.getJsonObject("idTagInfo");
          if (info == null) {
            held.remove(entry.getString("idTag"));
          } else {
            held.put(entry.getString("idTag"), info.getString("status"));
          }
        }
        heldVersion.set(p.getInteger("listVersion"));
      }
      return Future.succeededFuture(new JsonObject().put("status", "Accepted"));
    });
    cp.onCall("GetLocalListVersion", p -> Future.succeededFuture(new JsonObject().put("listVersion", heldVersion.get())));
  }

  @AfterAll
  static void stop() {
    Await.result(cp.close());
    node.close();
  }

  private static JsonObject state() {
    return api.get("/api/admin/chargers/" + chargerId + "/local-list").ok().getJsonObject("local_list");
  }

  private static JsonObject lastSent() {
    return cp.receivedCalls().stream().filter(c -> c.getString("action").equals("SendLocalList"))
        .reduce((a, b) -> b).orElseThrow().getJsonObject("payload");
  }

  @Test
  void aDifferentialUpdateAfterAUserIsBlockedSendsOnlyThatUser() {
    JsonObject initial = state();
    assertEquals(0, initial.getInteger("list_version"));
    assertTrue(initial.getBoolean("behind"));
    assertEquals(3, initial.getInteger("pending_changes"), "one entry per user with a card");

    JsonObject full = api.post("/api/admin/chargers/" + chargerId + "/local-list/send",
        new JsonObject().put("update_type", "Full")).ok();
    assertTrue(full.getBoolean("success"), full.encode());
    assertEquals(3, full.getInteger("sent_entries"));
    assertEquals(Map.of("TAG-L1", "Accepted", "TAG-L2", "Accepted", "TAG-L3", "Accepted"), held);
    assertEquals(1, heldVersion.get());
    JsonObject afterFull = full.getJsonObject("local_list");
    assertEquals(1, afterFull.getInteger("list_version"));
    assertFalse(afterFull.getBoolean("behind"));
    assertEquals(3, afterFull.getInteger("entries"));

    // Bala is blocked: the charger is behind by exactly one entry.
    Sql.execute(node.db, "UPDATE users SET active = false WHERE rfid_id_tag = 'TAG-L2'");
    JsonObject behind = state();
    assertTrue(behind.getBoolean("behind"));
    assertEquals(1, behind.getInteger("pending_changes"));

    // A charger refusing the update (VersionMismatch) changes nothing stored.
    nextAnswer.set("VersionMismatch");
    JsonObject refused = api.post("/api/admin/chargers/" + chargerId + "/local-list/send", new JsonObject()).ok();
    assertFalse(refused.getBoolean("success"));
    assertEquals("VersionMismatch", refused.getJsonObject("local_list").getString("last_answer"));
    assertEquals(1, refused.getJsonObject("local_list").getInteger("list_version"));
    assertTrue(refused.getJsonObject("local_list").getBoolean("behind"));
    nextAnswer.set("Accepted");

    JsonObject differential = api.post("/api/admin/chargers/" + chargerId + "/local-list/send",
        new JsonObject().put("update_type", "Differential")).ok();
    assertTrue(differential.getBoolean("success"), differential.encode());
    JsonObject sent = lastSent();
    assertEquals("Differential", sent.getString("updateType"));
    assertEquals(2, sent.getInteger("listVersion"));
    assertEquals(new JsonArray().add(new JsonObject().put("idTag", "TAG-L2")
        .put("idTagInfo", new JsonObject().put("status", "Blocked"))), sent.getJsonArray("localAuthorizationList"));
    assertEquals(Map.of("TAG-L1", "Accepted", "TAG-L2", "Blocked", "TAG-L3", "Accepted"), held);
    JsonObject upToDate = differential.getJsonObject("local_list");
    assertEquals(2, upToDate.getInteger("list_version"));
    assertFalse(upToDate.getBoolean("behind"));
    assertEquals(0, upToDate.getInteger("pending_changes"));

    // Chen's card is taken away: a Differential update removes it.
    Sql.execute(node.db, "UPDATE users SET rfid_id_tag = NULL WHERE rfid_id_tag = 'TAG-L3'");
    api.post("/api/admin/chargers/" + chargerId + "/local-list/send", new JsonObject()).ok();
    JsonObject removal = lastSent().getJsonArray("localAuthorizationList").getJsonObject(0);
    assertEquals("TAG-L3", removal.getString("idTag"));
    assertNull(removal.getValue("idTagInfo"));
    assertEquals(Map.of("TAG-L1", "Accepted", "TAG-L2", "Blocked"), held);

    // GetLocalListVersion: the charger reports what it holds, and the API shows it matches.
    JsonObject version = api.post("/api/admin/chargers/" + chargerId + "/local-list/get-version", null).ok();
    assertEquals(3, version.getJsonObject("ocpp_response").getInteger("listVersion"));
    assertEquals(3, version.getJsonObject("local_list").getInteger("reported_version"));
    assertFalse(version.getJsonObject("local_list").getBoolean("behind"));

    // A charger that lost its list (reports 0) shows as behind even with nothing pending.
    heldVersion.set(0);
    JsonObject lost = api.post("/api/admin/chargers/" + chargerId + "/local-list/get-version", null).ok();
    assertTrue(lost.getJsonObject("local_list").getBoolean("behind"));
    assertEquals(0, lost.getJsonObject("local_list").getInteger("pending_changes"));
    assertTrue(cp.protocolViolations().isEmpty(), cp.protocolViolations().toString());
  }

  @Test
  void unknownChargerAndBadUpdateTypeAreRefused() {
    assertEquals(404, api.get("/api/admin/chargers/999999/local-list").status());
    assertEquals(404, api.post("/api/admin/chargers/999999/local-list/send", new JsonObject()).status());
    assertEquals(422, api.post("/api/admin/chargers/" + chargerId + "/local-list/send",
        new JsonObject().put("update_type", "Partial")).status());
  }
}
