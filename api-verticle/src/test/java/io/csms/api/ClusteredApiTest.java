package io.csms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.csms.api.auth.TokenIssuer;
import io.csms.ocpp.OcppVerticle;
import io.csms.persistence.PersistenceVerticle;
import io.csms.testing.OcppTestClient;
import io.csms.testing.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two clustered nodes: node A holds the database and the chargers' WebSockets, node B runs only the API.
 * B's answers come from A over the clustered event bus: live connection state, a command round trip,
 * and /health with the cluster check.
 */
class ClusteredApiTest {

  @Test
  void anApiOnlyNodeServesThroughTheCluster() throws Exception {
    String cluster = "csms-api-test-" + UUID.randomUUID();
    int portA = freePort();
    int portB = freePort();
    String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
    Vertx nodeA = member(cluster, portA, members);
    Vertx nodeB = member(cluster, portB, members);
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

      JsonObject detail = ApiFixture.await(client.get("/api/admin/chargers/" + id).bearerTokenAuthentication(admin).send())
          .bodyAsJsonObject();
      assertEquals(true, detail.getJsonObject("charger").getBoolean("is_connected"), detail.encode());
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

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Vertx member(String clusterName, int port, String members) throws Exception {
    Config config = ConfigUtil.loadConfig().setClusterName(clusterName);
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(false);
    for (String member : members.split(",")) {
      join.getTcpIpConfig().setEnabled(true).addMember(member);
    }
    return ApiFixture.await(Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
        .withClusterManager(new HazelcastClusterManager(config))
        .buildClustered());
  }
}
