package io.csms.api;

import static io.csms.api.ErrorShape.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Prometheus metrics when the launcher enables them, and the per-subject rate limit (memory and Redis). */
class MetricsAndRateLimitTest {
  private static final int LIMIT = 3;

  @Test
  void metricsAreServedInPrometheusFormat() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))));
    try (ApiFixture api = ApiFixture.start(vertx, new JsonObject())) {
      api.get("/api/admin/stations", api.admin());
      HttpResponse<Buffer> metrics = api.get("/metrics", null);
      assertEquals(200, metrics.statusCode());
      String text = metrics.bodyAsString();
      assertTrue(text.contains("vertx_http_server_requests_total"), text.substring(0, Math.min(500, text.length())));
      assertTrue(text.contains("vertx_eventbus"), "event bus metrics");
      assertTrue(text.contains("vertx_pool_"), "database pool metrics");
    } finally {
      ApiFixture.await(vertx.close());
    }
  }

  @Test
  void withoutMetricsEnabledMetricsAre503() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (ApiFixture api = ApiFixture.start(vertx, new JsonObject())) {
      assertError(api.get("/metrics", null), 503, "/metrics");
    } finally {
      ApiFixture.await(vertx.close());
    }
  }

  @Test
  void theLimitIsCountedPerSubjectInMemory() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (ApiFixture api = ApiFixture.start(vertx, new JsonObject().put("http", new JsonObject().put("rateLimitPerMinute", LIMIT)))) {
      assertLimited(api, api.token("ADMIN", "busy-admin"));
      // Another subject has its own budget.
      assertEquals(200, api.get("/api/admin/stations", api.token("ADMIN", "calm-admin")).statusCode());
      // Refused requests without a valid token are counted per address.
      HttpResponse<Buffer> last = null;
      for (int i = 0; i < 2 * LIMIT + 1; i++) {
        last = api.get("/api/admin/stations", "not-a-token");
        if (last.statusCode() == 429) {
          break;
        }
        assertEquals(401, last.statusCode());
      }
      assertError(last, 429, "/api/admin/stations");
    } finally {
      ApiFixture.await(vertx.close());
    }
  }

  @Test
  void withRedisTheCountersAreSharedInRedis() throws Exception {
    Vertx vertx = Vertx.vertx();
    String prefix = TestRedis.keyPrefix();
    JsonObject config = new JsonObject().put("http", new JsonObject().put("rateLimitPerMinute", LIMIT))
        .put("redis", new JsonObject().put("url", TestRedis.url()).put("keyPrefix", prefix));
    try (ApiFixture api = ApiFixture.start(vertx, config)) {
      assertLimited(api, api.token("ADMIN", "redis-admin"));
      RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, TestRedis.url()));
      assertTrue(ApiFixture.await(redis.keys(prefix + "rate:sub:redis-admin:*")).size() >= 1, "counter kept in Redis");
      JsonObject health = api.get("/health", null).bodyAsJsonObject();
      assertTrue(health.encode().contains("redis"), health.encode());
      assertEquals("UP", health.getString("status"));
      redis.close();
    } finally {
      ApiFixture.await(vertx.close());
    }
  }

  @Test
  void aDownRedisMakesHealth503ButTheApiKeepsAnswering() throws Exception {
    Vertx vertx = Vertx.vertx();
    JsonObject config = new JsonObject().put("http", new JsonObject().put("rateLimitPerMinute", LIMIT))
        .put("redis", new JsonObject().put("url", "redis://127.0.0.1:1"));
    try (ApiFixture api = ApiFixture.start(vertx, config)) {
      HttpResponse<Buffer> health = api.get("/health", null);
      assertEquals(503, health.statusCode(), health.bodyAsString());
      assertTrue(health.bodyAsString().contains("redis"));
      // Counting fails open: a broken Redis must not take the API down.
      assertEquals(200, api.get("/api/admin/stations", api.admin()).statusCode());
    } finally {
      ApiFixture.await(vertx.close());
    }
  }

  /**
   * At least LIMIT requests pass before the first 429, which carries Retry-After. Counting windows are
   * one minute long; a window may roll over during the loop, hence up to 2 x LIMIT + 1 tries.
   */
  private static void assertLimited(ApiFixture api, String token) throws Exception {
    int passed = 0;
    HttpResponse<Buffer> refused = null;
    for (int i = 0; i < 2 * LIMIT + 1 && refused == null; i++) {
      HttpResponse<Buffer> response = api.get("/api/admin/stations", token);
      if (response.statusCode() == 429) {
        refused = response;
      } else {
        assertEquals(200, response.statusCode(), response.bodyAsString());
        passed++;
      }
    }
    assertTrue(refused != null, "never limited");
    assertTrue(passed >= LIMIT, "limited after " + passed);
    assertError(refused, 429, "/api/admin/stations");
    int retryAfter = Integer.parseInt(refused.getHeader("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertTrue(List.of("rate_limited").contains(refused.bodyAsJsonObject().getString("error_type")));
  }
}
