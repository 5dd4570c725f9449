package io.csms.api;

import io.csms.api.auth.AccessGate;
import io.csms.api.auth.TokenVerifier;
import io.csms.api.http.ApiDocs;
import io.csms.api.http.ApiException;
import io.csms.api.http.ErrorResponses;
import io.csms.api.http.HealthRoutes;
import io.csms.api.http.LocalRateLimiter;
import io.csms.api.http.RateLimiter;
import io.csms.api.http.RedisRateLimiter;
import io.csms.api.routes.ChargerRoutes;
import io.csms.api.routes.CommandRoutes;
import io.csms.api.routes.StationRoutes;
import io.csms.api.routes.TariffRoutes;
import io.csms.api.routes.TransactionRoutes;
import io.csms.api.routes.UserRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management REST API. Its routes and request validation come from {@code openapi.yaml} (on the
 * classpath); {@link AccessGate} authenticates, checks roles and rate-limits before validation; every
 * answer that is not a success is rendered by {@link ErrorResponses}. Talks to the rest of the CSMS only
 * over the event bus. {@code start()} completes once the server listens.
 */
public class ApiVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);
  static final String CONTRACT = "openapi.yaml";

  private HttpServer server;
  private RateLimiter rateLimiter;
  private Redis redisClient;

  @Override
  public Future<?> start() {
    ApiOptions options = new ApiOptions(config());
    RedisAPI redis = null;
    if (options.redisUrl() != null) {
      redisClient = Redis.createClient(vertx, new RedisOptions().setConnectionString(options.redisUrl()));
      redis = RedisAPI.api(redisClient);
    }
    RedisAPI redisApi = redis;
    if (options.rateLimitPerMinute() > 0) {
      rateLimiter = redis != null
          ? new RedisRateLimiter(redis, options.redisKeyPrefix(), options.rateLimitPerMinute(), Clock.systemUTC())
          : new LocalRateLimiter(vertx, options.rateLimitPerMinute(), Clock.systemUTC());
    }
    return Future.all(OpenAPIContract.from(vertx, CONTRACT), TokenVerifier.create(vertx, options))
        .compose(both -> {
          OpenAPIContract contract = both.resultAt(0);
          TokenVerifier tokens = both.resultAt(1);
          Router router = router(options, contract, tokens, redisApi);
          return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
              .requestHandler(router)
              .listen(options.port(), options.host());
        })
        .onSuccess(s -> {
          server = s;
          LOG.info("Management API listening on {}:{}", options.host(), s.actualPort());
        });
  }

  private Router router(ApiOptions options, OpenAPIContract contract, TokenVerifier tokens, RedisAPI redis) {
    // The body is read once, by the root router's BodyHandler, before the gate's asynchronous checks.
    RouterBuilder rb = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    // AccessGate has authenticated every request already; the builder's own security pass would repeat it.
    rb.getRoutes().forEach(route -> route.setDoSecurity(false));
    rb.getRoute("getHealth").addHandler(HealthRoutes.handler(vertx, redis));
    // The launcher builds Vert.x with Micrometer and Prometheus; without them there is nothing to scrape.
    rb.getRoute("getMetrics").addHandler(vertx.isMetricsEnabled()
        ? PrometheusScrapingHandler.create()
        : ctx -> ctx.fail(new ApiException(503, "Metrics are not enabled on this node")));
    StationRoutes.mount(rb);
    ChargerRoutes.mount(rb);
    CommandRoutes.mount(rb, options.commandTimeoutSeconds());
    TariffRoutes.mount(rb);
    TransactionRoutes.mount(rb);
    UserRoutes.mount(rb);
    for (OpenAPIRoute route : rb.getRoutes()) {
      route.addFailureHandler(ErrorResponses::handle);
    }

    Router root = Router.router(vertx);
    root.route().failureHandler(ErrorResponses::handle);
    for (int status : new int[] {400, 401, 403, 404, 405, 413, 415, 500}) {
      root.errorHandler(status, ErrorResponses::handle);
    }
    root.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml")
        .sendFile(CONTRACT));
    root.get("/openapi.json").handler(ctx -> ctx.json(contract.getRawContract()));
    ApiDocs.mount(root);
    root.route().handler(BodyHandler.create().setBodyLimit(1024 * 1024).setHandleFileUploads(false));
    root.route().handler(new AccessGate(vertx, contract, tokens, options.roleClaim(), rateLimiter,
        options.userCacheSeconds()));
    root.route("/*").subRouter(rb.createRouter());
    return root;
  }

  /** The port the server listens on (useful with {@code http.port} 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  @Override
  public Future<?> stop() {
    Future<?> closing = server == null ? Future.succeededFuture() : server.close();
    return closing
        .eventually(() -> rateLimiter == null ? Future.succeededFuture() : rateLimiter.close())
        .eventually(() -> {
          if (redisClient != null) {
            redisClient.close();
          }
          return Future.succeededFuture();
        });
  }
}
