package io.csms.sessions;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import io.vertx.junit5.VertxExtension;

/** Two real Hazelcast members (in this JVM) sharing the cluster map: what nodes without Redis use. */
@ExtendWith(VertxExtension.class)
class ClusteredMapSessionRegistryTest extends SessionRegistryContract {
  private static Vertx memberA;
  private static Vertx memberB;
  private static SessionRegistry nodeA;
  private static SessionRegistry nodeB;

  @BeforeAll
  static void formCluster() throws Exception {
    String cluster = "csms-test-" + UUID.randomUUID();
    int portA = freePort();
    int portB = freePort();
    String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
    memberA = start(cluster, portA, members);
    memberB = start(cluster, portB, members);
    nodeA = new SharedMapSessionRegistry(memberA, Duration.ofSeconds(30));
    nodeB = new SharedMapSessionRegistry(memberB, Duration.ofSeconds(30));
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Vertx start(String clusterName, int port, String members) throws Exception {
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
    Future<Vertx> vertx = Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
        .withClusterManager(new HazelcastClusterManager(config))
        .buildClustered();
    return vertx.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void leave() throws Exception {
    memberA.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    memberB.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Override
  SessionRegistry registry() {
    return nodeA;
  }

  @Override
  SessionRegistry otherNode() {
    return nodeB;
  }
}
