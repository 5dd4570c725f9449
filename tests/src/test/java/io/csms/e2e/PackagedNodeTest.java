package io.csms.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.csms.testing.OcppTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command as a newcomer uses it: {@code csms.jar --demo} with no database configured
 * (the embedded PostgreSQL), a charge point session cut by a restart of the node, and the session
 * completed and billed after it. Proves the packaged jar, the embedded default and its durability.
 */
class PackagedNodeTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private static String now() {
    return OffsetDateTime.now(ZoneOffset.UTC).toString();
  }

  @Test
  void theDemoNodeRunsOnItsEmbeddedDatabaseAndKeepsASessionAcrossARestart(@TempDir Path dataDir) throws Exception {
    // No CSMS_DB_URL on purpose: the node runs its own PostgreSQL under the data directory.
    Map<String, String> environment = Map.of("CSMS_DATA_DIR", dataDir.toString());
    long transactionId;
    try (NodeProcess node = NodeProcess.start("packaged-first", List.of("--demo"), environment)) {
      assertEquals(1, node.linesContaining("Demo ADMIN token").size(), node.output());
      OcppTestClient cp = Await.result(OcppTestClient.connect(vertx, node.ocppUrl(), "DEMO-CP-1"));
      assertEquals("Accepted", Await.result(cp.call("BootNotification", new JsonObject()
          .put("chargePointVendor", "Acme").put("chargePointModel", "AC-22"))).getString("status"));
      assertEquals("Accepted", Await.result(cp.call("Authorize", new JsonObject().put("idTag", "DEMO-TAG-1")))
          .getJsonObject("idTagInfo").getString("status"));
      transactionId = Await.result(cp.call("StartTransaction", new JsonObject().put("connectorId", 1)
          .put("idTag", "DEMO-TAG-1").put("meterStart", 10_000).put("timestamp", now()))).getLong("transactionId");
      Await.result(cp.close());
    }

    // Restarted without --demo: what the first run stored is still there.
    String token = NodeProcess.run(List.of("token", "--role", "ADMIN", "--subject", "ops", "--ttl", "10m"),
        environment).trim();
    try (NodeProcess node = NodeProcess.start("packaged-second", List.of(), environment)) {
      OcppTestClient cp = Await.result(OcppTestClient.connect(vertx, node.ocppUrl(), "DEMO-CP-1"));
      Await.result(cp.call("BootNotification", new JsonObject().put("chargePointVendor", "Acme").put("chargePointModel", "AC-22")));
      Await.result(cp.call("StopTransaction", new JsonObject().put("transactionId", transactionId)
          .put("meterStop", 15_000).put("timestamp", now()).put("reason", "Local")));
      Await.result(cp.close());

      WebClient http = WebClient.create(vertx);
      String url = node.apiUrl() + "/api/admin/transactions/" + transactionId;
      // Settlement follows the StopTransaction answer and the node is another process: ask until settled.
      JsonObject[] settled = new JsonObject[1];
      try {
        Await.until("the transaction is settled", () -> {
          HttpResponse<Buffer> response = Await.result(http.getAbs(url).bearerTokenAuthentication(token).send());
          assertEquals(200, response.statusCode(), response.bodyAsString());
          settled[0] = response.bodyAsJsonObject().getJsonObject("transaction");
          return "COMPLETED".equals(settled[0].getString("status"));
        });
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; last seen " + settled[0] + "; node output:\n" + node.output(), e);
      }
      assertEquals("5000.000", settled[0].getString("energy_wh"));
      assertEquals("60.00", settled[0].getString("amount"), "5 kWh at the demo tariff's 12.00/kWh");
      assertEquals(401, Await.result(http.getAbs(url).send()).statusCode());
      assertEquals(401, Await.result(http.getAbs(url).bearerTokenAuthentication("not-a-token").send()).statusCode());
    }
  }
}
