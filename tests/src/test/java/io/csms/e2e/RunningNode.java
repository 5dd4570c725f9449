package io.csms.e2e;

import io.csms.api.ApiVerticle;
import io.csms.launcher.config.CsmsConfiguration;
import io.csms.launcher.config.EnvironmentOverrides;
import io.csms.launcher.node.CsmsNode;
import io.csms.ocpp.OcppVerticle;
import io.csms.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A whole CSMS node started in this JVM, exactly as {@code csms.jar} starts one, on its own fresh test
 * database and free ports.
 */
final class RunningNode implements AutoCloseable {
  final TestDatabase db;
  final CsmsNode node;

  private RunningNode(TestDatabase db, CsmsNode node) {
    this.db = db;
    this.node = node;
  }

  static RunningNode start() throws Exception {
    return start(Map.of());
  }

  /** {@code overrides}: dotted configuration keys, e.g. {@code "ocpp.idleTimeoutSeconds" -> 2}. */
  static RunningNode start(Map<String, Object> overrides) throws Exception {
    TestDatabase db = TestDatabase.create();
    JsonObject config = CsmsConfiguration.defaults();
    EnvironmentOverrides.set(config, "database.url", db.url());
    EnvironmentOverrides.set(config, "host", "127.0.0.1");
    EnvironmentOverrides.set(config, "ocpp.port", 0);
    EnvironmentOverrides.set(config, "http.port", 0);
    EnvironmentOverrides.set(config, "dataDir", Files.createTempDirectory("csms-e2e").toString());
    overrides.forEach((key, value) -> EnvironmentOverrides.set(config, key, value));
    try {
      return new RunningNode(db, CsmsNode.start(config));
    } catch (Exception e) {
      db.close();
      throw e;
    }
  }

  String ocppUrl() {
    return "ws://127.0.0.1:" + node.verticle(OcppVerticle.class).actualPort() + "/ocpp";
  }

  int httpPort() {
    return node.verticle(ApiVerticle.class).actualPort();
  }

  Path dataDir() {
    return Path.of(node.config().getString("dataDir"));
  }

  @Override
  public void close() {
    node.close();
    db.close();
  }
}
