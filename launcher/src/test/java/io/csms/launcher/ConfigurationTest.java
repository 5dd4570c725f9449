package io.csms.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.launcher.config.CsmsConfiguration;
import io.csms.launcher.config.EnvironmentOverrides;
import io.csms.launcher.node.VerticleRole;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    JsonObject config = CsmsConfiguration.load(null, Map.of());
    assertEquals(8180, config.getJsonObject("ocpp").getInteger("port"));
    assertEquals(8080, config.getJsonObject("http").getInteger("port"));
    assertEquals(300, config.getJsonObject("ocpp").getInteger("heartbeatIntervalSeconds"));
    assertEquals("./data", config.getString("dataDir"));
    assertNull(config.getJsonObject("database").getString("url"), "no URL means the embedded database");
    assertNull(config.getJsonObject("redis").getString("url"), "no Redis by default");
    assertFalse(config.getJsonObject("cluster").getBoolean("enabled"));
  }

  @Test
  void environmentOverridesEveryLayerWithTheDefaultsType(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("site.json");
    Files.writeString(file, "{\"ocpp\":{\"port\":9000,\"maxFrameBytes\":1000},\"host\":\"10.0.0.1\"}");
    JsonObject config = CsmsConfiguration.load(file, Map.of(
        "CSMS_OCPP_PORT", "9100",
        "CSMS_DB_URL", "postgresql://csms@db:5432/csms",
        "CSMS_DEMO", "TRUE",
        "CSMS_OCPP_HEARTBEAT_INTERVAL_SECONDS", "60",
        "CSMS_CLUSTER_MEMBERS", "127.0.0.1:5701,127.0.0.1:5702"));
    assertEquals(9100, config.getJsonObject("ocpp").getInteger("port"), "environment beats the file");
    assertEquals(1000, config.getJsonObject("ocpp").getInteger("maxFrameBytes"), "the file beats the defaults");
    assertEquals(60, config.getJsonObject("ocpp").getInteger("heartbeatIntervalSeconds"));
    assertEquals("10.0.0.1", config.getString("host"));
    assertEquals("postgresql://csms@db:5432/csms", config.getJsonObject("database").getString("url"));
    assertTrue(config.getBoolean("demo"));
    assertEquals("127.0.0.1:5701,127.0.0.1:5702", config.getJsonObject("cluster").getString("members"));
    assertEquals(16, config.getJsonObject("database").getInteger("poolSize"), "untouched keys keep defaults");
  }

  @Test
  void aValueOfTheWrongTypeIsRejectedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CsmsConfiguration.load(null, Map.of("CSMS_OCPP_PORT", "eighty")));
    assertTrue(e.getMessage().contains("CSMS_OCPP_PORT=eighty"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CsmsConfiguration.load(null, Map.of("CSMS_DEMO", "yes")));
  }

  @Test
  void aBrokenConfigurationFileIsReportedWithItsName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{ not json");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CsmsConfiguration.load(file, Map.of()));
    assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
  }

  @Test
  void variableNamesFollowTheKeys() {
    Map<String, String> variables = EnvironmentOverrides.variables();
    assertEquals("ocpp.port", variables.get("CSMS_OCPP_PORT"));
    assertEquals("http.port", variables.get("CSMS_HTTP_PORT"));
    assertEquals("host", variables.get("CSMS_HOST"));
    assertEquals("dataDir", variables.get("CSMS_DATA_DIR"));
    assertEquals("redis.url", variables.get("CSMS_REDIS_URL"));
    assertEquals("cluster.host", variables.get("CSMS_CLUSTER_HOST"));
    assertEquals("cluster.port", variables.get("CSMS_CLUSTER_PORT"));
    assertEquals("verticles", variables.get("CSMS_VERTICLES"));
    assertEquals("database.url", variables.get("CSMS_DB_URL"));
  }

  @Test
  void theReadmeDocumentsEveryVariable() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<String> missing = EnvironmentOverrides.variables().keySet().stream()
        .filter(v -> !readme.contains("`" + v + "`")).toList();
    assertEquals(List.of(), missing, "README.md must list every configuration variable");
  }

  @Test
  void verticleSubsetsDeployInDependencyOrder() {
    assertEquals(List.of(VerticleRole.PERSISTENCE, VerticleRole.OCPP, VerticleRole.API),
        VerticleRole.parse("api, ocpp,persistence"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VerticleRole.parse("ocpp,web"));
    assertTrue(e.getMessage().contains("web"));
  }
}
