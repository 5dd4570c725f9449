package io.csms.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Clustered Vert.x instances in this JVM: real Hazelcast members on 127.0.0.1 joined over TCP (no
 * multicast), under a cluster name of their own so test runs side by side never meet. Needs
 * {@code io.vertx:vertx-hazelcast} on the test classpath.
 */
public final class TestCluster {
  private TestCluster() {
  }

  /** Starts {@code size} members of a new cluster; the caller closes each. Blocks until all have joined. */
  public static List<Vertx> form(int size) throws Exception {
    String name = "csms-test-" + UUID.randomUUID();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(ListenPorts.next());
    }
    List<Vertx> members = new ArrayList<>();
    for (int port : ports) {
      members.add(member(name, port, ports));
    }
    return members;
  }

  private static Vertx member(String clusterName, int port, List<Integer> memberPorts) throws Exception {
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
    for (int memberPort : memberPorts) {
      join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + memberPort);
    }
    return Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
        .withClusterManager(new HazelcastClusterManager(config))
        .buildClustered()
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
