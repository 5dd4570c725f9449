package io.csms.cluster;

import io.csms.e2e.NodeProcess;
import io.csms.testing.ListenPorts;
import io.csms.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Two CSMS nodes, each its own {@code csms.jar --cluster} process on 127.0.0.1, forming a Hazelcast
 * cluster of their own (a random cluster name) over one fresh database, with one signing key file for
 * both (tokens are cluster-wide configuration) and, when given, one Redis.
 */
final class TwoNodeCluster implements AutoCloseable {
  final TestDatabase db;
  final Map<String, String> environment;
  final NodeProcess a;
  final NodeProcess b;

  private TwoNodeCluster(TestDatabase db, Map<String, String> environment, NodeProcess a, NodeProcess b) {
    this.db = db;
    this.environment = environment;
    this.a = a;
    this.b = b;
  }

  /** Both nodes run every verticle; {@code redisUrl} null: sessions in the cluster's shared map. */
  static TwoNodeCluster start(String redisUrl) throws Exception {
    return start(redisUrl, "persistence,billing,ocpp,api", "persistence,billing,ocpp,api");
  }

  /** Each node runs the verticles named ({@code CSMS_VERTICLES}). */
  static TwoNodeCluster start(String redisUrl, String verticlesA, String verticlesB) throws Exception {
    TestDatabase db = TestDatabase.create();
    Path shared = Files.createTempDirectory("csms-cluster");
    int portA = ListenPorts.next();
    int portB = ListenPorts.next();
    Map<String, String> common = new HashMap<>();
    common.put("CSMS_DB_URL", db.url());
    common.put("CSMS_DATA_DIR", shared.toString());
    common.put("CSMS_AUTH_SIGNING_KEY_FILE", shared.resolve("jwt-signing-key.pem").toString());
    common.put("CSMS_CLUSTER_NAME", "csms-test-" + UUID.randomUUID());
    common.put("CSMS_CLUSTER_HOST", "127.0.0.1");
    common.put("CSMS_CLUSTER_MEMBERS", "127.0.0.1:" + portA + ",127.0.0.1:" + portB);
    // A dead node's sessions must vanish quickly in a test; nodes refresh at a third of this.
    common.put("CSMS_CLUSTER_SESSION_TTL_SECONDS", "3");
    common.put("CSMS_BILLING_SCAN_INTERVAL_SECONDS", "2");
    if (redisUrl != null) {
      common.put("CSMS_REDIS_URL", redisUrl);
      common.put("CSMS_REDIS_KEY_PREFIX", "csms-test-" + UUID.randomUUID().toString().substring(0, 8) + ":");
    }
    NodeProcess a = null;
    NodeProcess b = null;
    try {
      // B first: in a split cluster it holds the persistence verticle that A's start-up needs.
      b = NodeProcess.start("node-b", List.of("--cluster"), with(common, portB, verticlesB));
      a = NodeProcess.start("node-a", List.of("--cluster"), with(common, portA, verticlesA));
      return new TwoNodeCluster(db, common, a, b);
    } catch (Exception e) {
      if (a != null) {
        a.close();
      }
      if (b != null) {
        b.close();
      }
      db.close();
      throw e;
    }
  }

  private static Map<String, String> with(Map<String, String> common, int clusterPort, String verticles) {
    Map<String, String> env = new HashMap<>(common);
    env.put("CSMS_CLUSTER_PORT", Integer.toString(clusterPort));
    env.put("CSMS_VERTICLES", verticles);
    return env;
  }

  /** An ADMIN token from the shared key, issued by the jar's own token command. */
  String adminToken() throws Exception {
    return NodeProcess.run(List.of("token", "--role", "ADMIN", "--subject", "cluster-ops", "--ttl", "30m"),
        environment).trim();
  }

  @Override
  public void close() throws Exception {
    try {
      a.close();
      b.close();
    } finally {
      db.close();
    }
  }
}
