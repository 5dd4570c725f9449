package io.csms.api;

import io.csms.api.auth.TokenIssuer;
import io.csms.ocpp.OcppVerticle;
import io.csms.persistence.PersistenceVerticle;
import io.csms.testing.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * A running CSMS slice for API tests: a fresh database, the real persistence verticle, the API verticle
 * on a free port, a web client and tokens signed by the node's own key.
 */
final class ApiFixture implements AutoCloseable {
  final Vertx vertx;
  final TestDatabase db;
  final JsonObject config;
  final WebClient client;
  final int port;
  /** The OCPP WebSocket port when the OCPP verticle runs, else -1. */
  final int ocppPort;

  private ApiFixture(Vertx vertx, TestDatabase db, JsonObject config, WebClient client, int port, int ocppPort) {
    this.vertx = vertx;
    this.db = db;
    this.config = config;
    this.client = client;
    this.port = port;
    this.ocppPort = ocppPort;
  }

  static ApiFixture start(Vertx vertx, JsonObject extraConfig) throws Exception {
    return start(vertx, extraConfig, false);
  }

  /** As {@link #start(Vertx, JsonObject)}, with the real OCPP verticle so chargers can connect. */
  static ApiFixture startWithOcpp(Vertx vertx, JsonObject extraConfig) throws Exception {
    return start(vertx, extraConfig, true);
  }

  private static ApiFixture start(Vertx vertx, JsonObject extraConfig, boolean ocpp) throws Exception {
    TestDatabase db = TestDatabase.create();
    Path dataDir = Files.createTempDirectory("csms-api-test");
    JsonObject config = new JsonObject()
        .put("host", "127.0.0.1")
        .put("dataDir", dataDir.toString())
        .put("database", new JsonObject().put("url", db.url()).put("poolSize", 4))
        .put("http", new JsonObject().put("port", 0).put("rateLimitPerMinute", 0))
        .put("auth", new JsonObject().put("userCacheSeconds", 0))
        .put("ocpp", new JsonObject().put("port", 0));
    config.mergeIn(extraConfig, true);
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    ApiVerticle api = new ApiVerticle();
    OcppVerticle ocppVerticle = new OcppVerticle();
    await(vertx.deployVerticle(new PersistenceVerticle(), options)
        .compose(id -> ocpp ? vertx.deployVerticle(ocppVerticle, options) : Future.succeededFuture(id))
        .compose(id -> vertx.deployVerticle(api, options)));
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(api.actualPort()));
    return new ApiFixture(vertx, db, config, client, api.actualPort(), ocpp ? ocppVerticle.actualPort() : -1);
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** Waits for a future to settle, whichever way. */
  static <T> Future<T> await0(Future<T> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the returned future tells how it ended
    }
    return future;
  }

  String token(String role, String subject) throws Exception {
    return await(TokenIssuer.issue(vertx, config, role, subject, null));
  }

  String admin() throws Exception {
    return token("ADMIN", "admin-1");
  }

  HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request;
  }

  HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body) throws Exception {
    HttpRequest<Buffer> request = request(method, path, token);
    return await(body == null ? request.send() : request.sendJsonObject(body));
  }

  HttpResponse<Buffer> get(String path, String token) throws Exception {
    return call(HttpMethod.GET, path, token, null);
  }

  HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
    return call(HttpMethod.POST, path, token, body);
  }

  HttpResponse<Buffer> put(String path, String token, JsonObject body) throws Exception {
    return call(HttpMethod.PUT, path, token, body);
  }

  HttpResponse<Buffer> delete(String path, String token) throws Exception {
    return call(HttpMethod.DELETE, path, token, null);
  }

  /** Plain SQL for arranging rows the API has no endpoint for (transactions, meter values, log frames). */
  void sql(String statement) throws SQLException {
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  @Override
  public void close() {
    client.close();
    db.close();
  }
}
