package io.csms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.api.auth.TokenIssuer;
import io.csms.ocpp.OcppVerticle;
import io.csms.persistence.PersistenceVerticle;
import io.csms.testing.OcppTestClient;
import io.csms.testing.TestCluster;
import io.csms.testing.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two clustered nodes: node A holds the database and the chargers' WebSockets, node B runs only the API.
 * B's answers come from A over the clustered event bus: live connection state, a command round trip,
 * and /health with the cluster check.
 */
class ClusteredApiTest {

  @Test
  void anApiOnlyNodeServesThroughTheCluster() throws Exception {
    List<Vertx> members = TestCluster.form(2);
    Vertx nodeA = members.get(0);
    Vertx nodeB = members.get(1);
    TestDatabase db = TestDatabase.create();
    OcppTestClient charger = null;
    try {
      JsonObject config = new JsonObject().put("host", "127.0.0.1")
          .put("dataDir", Files.createTempDirectory("csms-cluster").toString())
          .put("database", new JsonObject().put("url", db.url()).put("poolSize", 4))
          .put("ocpp", new JsonObject().put("port", 0))
          .put("http", new JsonObject().put("port", 0).put("rateLimitPerMinute", 0));
      DeploymentOptions options = new DeploymentOptions().setConfig(config);
      OcppVerticle ocpp = new OcppVerticle();
      ApiFixture.await(nodeA.deployVerticle(new PersistenceVerticle(), options)
          .compose(id -> nodeA.deployVerticle(ocpp, options)));
      ApiVerticle api = new ApiVerticle();
      ApiFixture.await(nodeB.deployVerticle(api, options));
      WebClient client = WebClient.create(nodeB, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(api.actualPort()));
      String admin = ApiFixture.await(TokenIssuer.issue(nodeB, config, "ADMIN", "ops", null));

      HttpResponse<Buffer> created = ApiFixture.await(client.post("/api/admin/chargers").bearerTokenAuthentication(admin)
          .sendJsonObject(new JsonObject().put("charge_point_id", "CP-CLUSTER-1")));
      assertEquals(201, created.statusCode(), created.bodyAsString());
      long id = created.bodyAsJsonObject().getJsonObject("charger").getLong("id");
      charger = ApiFixture.await(OcppTestClient.connect(nodeA, "ws://127.0.0.1:" + ocpp.actualPort() + "/ocpp", "CP-CLUSTER-1"));
      charger.onCall("Reset", payload -> Future.succeededFuture(new JsonObject().put("status", "Accepted")));

      // Node A records the session in the cluster map as it accepts the socket; B sees it moments later.
      long deadline = System.currentTimeMillis() + 10_000;
      JsonObject seen;
      do {
        seen = ApiFixture.await(client.get("/api/admin/chargers/" + id).bearerTokenAuthentication(admin).send())
            .bodyAsJsonObject().getJsonObject("charger");
      } while (!seen.getBoolean("is_connected") && System.currentTimeMillis() < deadline);
      assertEquals(true, seen.getBoolean("is_connected"), seen.encode());
      assertEquals(false, seen.getString("connected_node") == null, seen.encode());
      HttpResponse<Buffer> reset = ApiFixture.await(client.post("/api/admin/chargers/" + id + "/reset")
          .bearerTokenAuthentication(admin).sendJsonObject(new JsonObject().put("type", "Soft")));
      assertEquals(200, reset.statusCode(), reset.bodyAsString());
      assertEquals("Accepted", reset.bodyAsJsonObject().getJsonObject("ocpp_response").getString("status"));

      HttpResponse<Buffer> health = ApiFixture.await(client.get("/health").send());
      assertEquals(200, health.statusCode(), health.bodyAsString());
      assertTrue(health.bodyAsString().contains("cluster") && health.bodyAsString().contains("database"),
          health.bodyAsString());
      client.close();
    } finally {
      if (charger != null) {
        ApiFixture.await0(charger.close());
      }
      ApiFixture.await0(nodeB.close());
      ApiFixture.await0(nodeA.close());
      db.close();
    }
  }
}
