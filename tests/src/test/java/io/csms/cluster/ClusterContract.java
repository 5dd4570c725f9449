package io.csms.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.e2e.Await;
import io.csms.e2e.Sql;
import io.csms.testing.OcppTestClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator of a cluster relies on, run against two real node processes: commands reach a
 * charger from any node, a killed node's sessions go on elsewhere and are billed once, its registry
 * entries vanish, and a reconnect storm leaves each charger registered once. One subclass per session
 * registry implementation.
 */
abstract class ClusterContract {
  private final Vertx vertx = Vertx.vertx();
  private final WebClient http = WebClient.create(vertx);
  private TwoNodeCluster cluster;
  private String token;

  /** The Redis URL for the session registry, or null for the cluster map. */
  abstract String redisUrl();

  @BeforeEach
  void startCluster() throws Exception {
    cluster = TwoNodeCluster.start(redisUrl());
    token = cluster.adminToken();
    Sql.execute(cluster.db, "INSERT INTO tariffs (name, price_per_kwh, session_fee, is_default) VALUES ('Standard', 10.00, 0, true)");
    Sql.execute(cluster.db, "INSERT INTO users (name, rfid_id_tag) VALUES ('Ravi', 'TAG-RAVI')");
    Sql.execute(cluster.db, "INSERT INTO wallets (user_id, balance) SELECT id, 500.00 FROM users");
    Sql.execute(cluster.db, "INSERT INTO wallet_ledger (wallet_id, entry_type, amount, balance_after) SELECT id, 'TOP_UP', 500.00, 500.00 FROM wallets");
    Sql.execute(cluster.db, "INSERT INTO chargers (charge_point_id) SELECT 'CL-CP-' || n FROM generate_series(1, 100) n");
  }

  @AfterEach
  void stopCluster() throws Exception {
    // Kept in the test's report: what each node logged, for whoever reads a failure.
    System.out.println("---- node-a ----\n" + cluster.a.output() + "\n---- node-b ----\n" + cluster.b.output());
    try {
      cluster.close();
    } finally {
      Await.result(vertx.close());
    }
  }

  private static String now() {
    return OffsetDateTime.now(ZoneOffset.UTC).toString();
  }

  private long chargerId(String chargePointId) {
    return (Long) Sql.value(cluster.db, "SELECT id FROM chargers WHERE charge_point_id = ?", chargePointId);
  }

  private JsonObject charger(String apiUrl, String chargePointId) {
    HttpResponse<Buffer> response = Await.result(http.getAbs(apiUrl + "/api/admin/chargers/" + chargerId(chargePointId))
        .bearerTokenAuthentication(token).send());
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    return body.containsKey("charger") ? body.getJsonObject("charger") : body;
  }

  private OcppTestClient boot(String ocppUrl, String chargePointId) {
    OcppTestClient cp = Await.result(OcppTestClient.connect(vertx, ocppUrl, chargePointId));
    cp.onCall("GetConfiguration", request -> Future.succeededFuture(new JsonObject().put("configurationKey",
        new JsonArray().add(new JsonObject().put("key", "HeartbeatInterval").put("readonly", false).put("value", "300")))));
    assertEquals("Accepted", Await.result(cp.call("BootNotification", new JsonObject()
        .put("chargePointVendor", "Acme").put("chargePointModel", "AC-22"))).getString("status"));
    return cp;
  }

  @Test
  void aCommandOnEitherNodeReachesTheChargerAndAKilledNodesSessionIsCompletedElsewhereAndBilledOnce() throws Exception {
    OcppTestClient cp = boot(cluster.a.ocppUrl(), "CL-CP-1");
    OcppTestClient bystander = boot(cluster.a.ocppUrl(), "CL-CP-2");
    long transactionId = Await.result(cp.call("StartTransaction", new JsonObject().put("connectorId", 1)
        .put("idTag", "TAG-RAVI").put("meterStart", 1000).put("timestamp", now()))).getLong("transactionId");

    // The charger's socket is on node A; the API call goes to node B and the charger's own answer comes back.
    HttpResponse<Buffer> command = Await.result(http.postAbs(cluster.b.apiUrl() + "/api/admin/chargers/"
        + chargerId("CL-CP-1") + "/get-configuration").bearerTokenAuthentication(token).sendJsonObject(new JsonObject()));
    assertEquals(200, command.statusCode(), command.bodyAsString());
    JsonObject answer = command.bodyAsJsonObject();
    assertEquals(true, answer.getBoolean("success"), answer.encode());
    assertEquals("HeartbeatInterval", answer.getJsonObject("ocpp_response").getJsonArray("configurationKey")
        .getJsonObject(0).getString("key"));
    assertEquals(1, cp.receivedCalls().size(), "one CALL, not one per node");
    assertEquals(true, charger(cluster.b.apiUrl(), "CL-CP-1").getBoolean("is_connected"));

    // Node A dies without a word. The charger reconnects to node B and sends its queued stop.
    cluster.a.kill();
    Await.result(cp.closed());
    cp = boot(cluster.b.ocppUrl(), "CL-CP-1");
    Await.result(cp.call("StopTransaction", new JsonObject().put("transactionId", transactionId)
        .put("idTag", "TAG-RAVI").put("meterStop", 11_000).put("timestamp", now()).put("reason", "Local")));
    Await.until("the session is settled on the surviving node", () -> "COMPLETED".equals(
        Sql.value(cluster.db, "SELECT status FROM charging_transactions WHERE id = ?", transactionId)));
    assertEquals(0, new BigDecimal("100.00").compareTo((BigDecimal) Sql.value(cluster.db,
        "SELECT amount FROM charging_transactions WHERE id = ?", transactionId)));
    assertEquals(1L, Sql.value(cluster.db, "SELECT count(*) FROM wallet_ledger WHERE charging_transaction_id = ?", transactionId));
    assertEquals(0, new BigDecimal("400.00").compareTo((BigDecimal) Sql.value(cluster.db, "SELECT balance FROM wallets")));
    assertEquals(0, new BigDecimal("400.00").compareTo((BigDecimal) Sql.value(cluster.db, "SELECT sum(amount) FROM wallet_ledger")));

    JsonObject moved = charger(cluster.b.apiUrl(), "CL-CP-1");
    assertEquals(true, moved.getBoolean("is_connected"));
    assertEquals("node-b", moved.getString("connected_node"));
    // The bystander never came back: its entry, left by the dead node, expires.
    Await.until("the dead node's session expires", () -> !charger(cluster.b.apiUrl(), "CL-CP-2").getBoolean("is_connected"));
    assertEquals(List.of(), cp.protocolViolations());
    assertTrue(bystander.isClosed());
  }

  @Test
  void aReconnectStormLeavesEveryChargerRegisteredExactlyOnce() {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      ids.add("CL-CP-" + i);
    }
    // Every charger connects three times at once, alternating nodes, without waiting for anything.
    record Attempt(String chargePointId, Future<OcppTestClient> socket) {
    }
    List<Attempt> attempts = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < ids.size(); i++) {
        String url = (i + round) % 2 == 0 ? cluster.a.ocppUrl() : cluster.b.ocppUrl();
        attempts.add(new Attempt(ids.get(i), OcppTestClient.connect(vertx, url, ids.get(i))));
      }
    }
    Await.result(Future.join(attempts.stream().map(Attempt::socket).toList()));
    List<Attempt> connected = attempts.stream().filter(a -> a.socket().succeeded()).toList();

    // Superseded sockets are closed (at once on the same node, at the next refresh across nodes).
    Function<String, Long> openSockets = id -> connected.stream()
        .filter(a -> a.chargePointId().equals(id) && !a.socket().result().isClosed()).count();
    try {
      Await.until("each charger keeps exactly one open socket", () -> ids.stream().allMatch(id -> openSockets.apply(id) == 1));
    } catch (AssertionError e) {
      Map<String, Long> wrong = new TreeMap<>();
      ids.stream().filter(id -> openSockets.apply(id) != 1).forEach(id -> wrong.put(id, openSockets.apply(id)));
      throw new AssertionError(e.getMessage() + "; open sockets where not one: " + wrong, e);
    }
    HttpResponse<Buffer> page = Await.result(http.getAbs(cluster.b.apiUrl() + "/api/admin/chargers?limit=100")
        .bearerTokenAuthentication(token).send());
    assertEquals(200, page.statusCode(), page.bodyAsString());
    JsonArray chargers = page.bodyAsJsonObject().getJsonArray("data");
    assertEquals(100, chargers.size());
    for (Object c : chargers) {
      assertEquals(true, ((JsonObject) c).getBoolean("is_connected"), ((JsonObject) c).encode());
    }
    // And each surviving socket is the registered one: it is answered.
    for (Attempt attempt : connected) {
      if (!attempt.socket().result().isClosed()) {
        Await.result(attempt.socket().result().call("Heartbeat", new JsonObject()));
      }
    }
  }
}
