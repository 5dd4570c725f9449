package io.csms.launcher.node;

import io.csms.launcher.database.EmbeddedDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running CSMS node: its Vert.x instance (clustered with {@code cluster.enabled}), the embedded
 * PostgreSQL when no {@code database.url} is configured, and the verticles named in {@code verticles}.
 */
public final class CsmsNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CsmsNode.class);

  private final Vertx vertx;
  private final JsonObject config;
  private final EmbeddedDatabase embeddedDatabase;
  private final List<Object> verticles;

  private CsmsNode(Vertx vertx, JsonObject config, EmbeddedDatabase embeddedDatabase, List<Object> verticles) {
    this.vertx = vertx;
    this.config = config;
    this.embeddedDatabase = embeddedDatabase;
    this.verticles = verticles;
  }

  /**
   * Starts a node and returns once every verticle is ready. Blocking (it may start a database server):
   * call it from a main or test thread, never from an event loop. {@code config} is completed in place
   * with what was decided at start ({@code nodeId}, the embedded database's URL).
   */
  public static CsmsNode start(JsonObject config) throws Exception {
    if (config.getString("nodeId") == null) {
      config.put("nodeId", "node-" + UUID.randomUUID().toString().substring(0, 8));
    }
    List<VerticleRole> roles = VerticleRole.parse(config.getString("verticles", "persistence,billing,ocpp,api"));
    EmbeddedDatabase embedded = null;
    JsonObject database = config.getJsonObject("database", new JsonObject());
    config.put("database", database);
    if (database.getString("url") == null && roles.contains(VerticleRole.PERSISTENCE)) {
      embedded = EmbeddedDatabase.start(Path.of(config.getString("dataDir", "./data")));
      database.put("url", embedded.url());
    }
    Vertx vertx = null;
    try {
      vertx = await(buildVertx(config));
      List<Object> deployed = new java.util.ArrayList<>();
      for (VerticleRole role : roles) {
        var verticle = role.create();
        await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
        deployed.add(verticle);
      }
      CsmsNode node = new CsmsNode(vertx, config, embedded, deployed);
      LOG.info("CSMS node {} ready ({}, {} transport)", config.getString("nodeId"), roles,
          vertx.isNativeTransportEnabled() ? "epoll" : "NIO");
      return node;
    } catch (Exception e) {
      if (vertx != null) {
        vertx.close();
      }
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  private static Future<Vertx> buildVertx(JsonObject config) {
    VertxOptions options = new VertxOptions()
        .setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    VertxBuilder builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory());
    JsonObject cluster = config.getJsonObject("cluster", new JsonObject());
    if (!cluster.getBoolean("enabled", false)) {
      return Future.succeededFuture(builder.build());
    }
    String host = cluster.getString("host", "127.0.0.1");
    options.setEventBusOptions(new EventBusOptions().setHost(host).setPort(cluster.getInteger("eventBusPort", 0)));
    return builder.with(options).withClusterManager(ClusterSetup.clusterManager(config)).buildClustered();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The configuration the node runs with, including what was decided at start. */
  public JsonObject config() {
    return config;
  }

  /** The deployed verticle of this type, for its ports and state (tests, start-up banner). */
  public <T> T verticle(Class<T> type) {
    return verticles.stream().filter(type::isInstance).map(type::cast).findFirst()
        .orElseThrow(() -> new IllegalStateException(type.getSimpleName() + " is not deployed on this node"));
  }

  public boolean runs(Class<?> type) {
    return verticles.stream().anyMatch(type::isInstance);
  }

  /** Stops the verticles (flushing what they hold), Vert.x, then the embedded database. */
  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly: {}", e.toString());
    }
    if (embeddedDatabase != null) {
      embeddedDatabase.close();
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
