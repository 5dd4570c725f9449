package io.csms.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.csms.e2e.Await;
import io.csms.e2e.Sql;
import io.csms.testing.OcppTestClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Roles spread over nodes: node A runs only the OCPP endpoint, node B the database, billing and the API.
 * Everything a charger reports crosses the clustered event bus to B, and commands cross it back to A.
 */
class ClusterWithSplitRolesTest {
  private final Vertx vertx = Vertx.vertx();
  private TwoNodeCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = TwoNodeCluster.start(null, "ocpp", "persistence,billing,api");
    Sql.execute(cluster.db, "INSERT INTO tariffs (name, price_per_kwh, session_fee, is_default) VALUES ('Standard', 8.00, 0, true)");
    Sql.execute(cluster.db, "INSERT INTO users (name, rfid_id_tag) VALUES ('Meera', 'TAG-MEERA')");
    Sql.execute(cluster.db, "INSERT INTO wallets (user_id, balance) SELECT id, 100.00 FROM users");
    Sql.execute(cluster.db, "INSERT INTO wallet_ledger (wallet_id, entry_type, amount, balance_after) SELECT id, 'TOP_UP', 100.00, 100.00 FROM wallets");
    Sql.execute(cluster.db, "INSERT INTO chargers (charge_point_id) VALUES ('SPLIT-CP-1')");
  }

  @AfterEach
  void stop() throws Exception {
    System.out.println("---- node-a ----\n" + cluster.a.output() + "\n---- node-b ----\n" + cluster.b.output());
    try {
      cluster.close();
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void aChargerOnTheOcppNodeIsStoredBilledAndCommandedThroughTheOtherNode() throws Exception {
    String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
    OcppTestClient cp = Await.result(OcppTestClient.connect(vertx, cluster.a.ocppUrl(), "SPLIT-CP-1"));
    cp.onCall("ChangeAvailability", request -> Future.succeededFuture(new JsonObject().put("status", "Accepted")));
    assertEquals("Accepted", Await.result(cp.call("BootNotification", new JsonObject()
        .put("chargePointVendor", "Acme").put("chargePointModel", "AC-7"))).getString("status"));
    long transactionId = Await.result(cp.call("StartTransaction", new JsonObject().put("connectorId", 1)
        .put("idTag", "TAG-MEERA").put("meterStart", 0).put("timestamp", now))).getLong("transactionId");
    Await.result(cp.call("StopTransaction", new JsonObject().put("transactionId", transactionId)
        .put("meterStop", 2500).put("timestamp", OffsetDateTime.now(ZoneOffset.UTC).toString())));
    Await.until("the session is billed on node B", () -> "COMPLETED".equals(
        Sql.value(cluster.db, "SELECT status FROM charging_transactions WHERE id = ?", transactionId)));
    assertEquals(0, new BigDecimal("20.00").compareTo((BigDecimal) Sql.value(cluster.db,
        "SELECT amount FROM charging_transactions WHERE id = ?", transactionId)));

    long chargerId = (Long) Sql.value(cluster.db, "SELECT id FROM chargers WHERE charge_point_id = 'SPLIT-CP-1'");
    HttpResponse<Buffer> command = Await.result(WebClient.create(vertx)
        .postAbs(cluster.b.apiUrl() + "/api/admin/chargers/" + chargerId + "/change-availability")
        .bearerTokenAuthentication(cluster.adminToken())
        .sendJsonObject(new JsonObject().put("connector_id", 1).put("type", "Inoperative")));
    assertEquals(200, command.statusCode(), command.bodyAsString());
    assertEquals("Accepted", command.bodyAsJsonObject().getJsonObject("ocpp_response").getString("status"));
    assertEquals("ChangeAvailability", cp.receivedCalls().get(0).getString("action"));
  }
}
