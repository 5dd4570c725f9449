package io.csms.api.http;

import io.csms.bus.AdminStoreAddresses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.redis.client.RedisAPI;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;

/**
 * {@code GET /health}: 200 when every check is UP, else 503, with each check's outcome. The database is
 * checked through the persistence verticle (a {@code SELECT 1}), so the check also proves the event bus
 * path the API depends on; Redis is pinged when configured; on a clustered node the Hazelcast cluster
 * must be safe (every partition owned and replicated).
 */
public final class HealthRoutes {
  private static final long CHECK_TIMEOUT_MS = 3_000;

  private HealthRoutes() {
  }

  public static Handler<RoutingContext> handler(Vertx vertx, RedisAPI redis) {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register("database", CHECK_TIMEOUT_MS, promise -> vertx.eventBus()
        .request(AdminStoreAddresses.PING, new JsonObject(), new DeliveryOptions().setSendTimeout(CHECK_TIMEOUT_MS - 500))
        .onSuccess(reply -> promise.complete(Status.OK()))
        .onFailure(e -> promise.complete(Status.KO(new JsonObject().put("error", e.getMessage())))));
    if (redis != null) {
      checks.register("redis", CHECK_TIMEOUT_MS, promise -> redis.ping(java.util.List.of())
          .onSuccess(reply -> promise.complete(Status.OK()))
          .onFailure(e -> promise.complete(Status.KO(new JsonObject().put("error", e.getMessage())))));
    }
    if (vertx.isClustered()) {
      checks.register("cluster", CHECK_TIMEOUT_MS, ClusterHealthCheck.createProcedure(vertx));
    }
    return HealthCheckHandler.createWithHealthChecks(checks);
  }
}
