package io.csms.launcher.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Arrays;

/**
 * The Hazelcast cluster a node joins with {@code --cluster}: TCP-IP join with the configured members
 * ({@code cluster.members}), bound to {@code cluster.host}:{@code cluster.port}; multicast only when
 * {@code cluster.multicast} is true. Starts from Vert.x's own Hazelcast configuration, which carries the
 * maps the event bus needs.
 */
final class ClusterSetup {
  private ClusterSetup() {
  }

  static HazelcastClusterManager clusterManager(JsonObject config) {
    JsonObject cluster = config.getJsonObject("cluster", new JsonObject());
    String host = cluster.getString("host", "127.0.0.1");
    int port = cluster.getInteger("port", 5701);
    String members = cluster.getString("members", host + ":" + port);
    boolean multicast = cluster.getBoolean("multicast", false);

    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(cluster.getString("name", "csms"));
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast.setProperty("hazelcast.wait.seconds.before.join", "0");
    hazelcast.setProperty("hazelcast.local.localAddress", host);
    // A killed node must leave the cluster (and its event-bus consumers with it) in seconds, not the
    // default minute: until then requests may still be routed to it.
    hazelcast.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", "8");
    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(host);
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(multicast);
    join.getTcpIpConfig().setEnabled(true);
    Arrays.stream(members.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .forEach(member -> join.getTcpIpConfig().addMember(member));
    return new HazelcastClusterManager(hazelcast);
  }
}
