package io.csms.testing;

import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * A real Redis for tests: {@code CSMS_TEST_REDIS_URL} when set, else a Testcontainers Redis when a Docker
 * engine answers, else an embedded redis-server started once per JVM. Tests share the server, so each
 * should use its own {@link #keyPrefix()}.
 */
public final class TestRedis {
  private static final Logger LOG = LoggerFactory.getLogger(TestRedis.class);
  private static String url;

  private TestRedis() {
  }

  /** {@code redis://host:port}, as {@code CSMS_REDIS_URL} takes it. */
  public static synchronized String url() {
    if (url == null) {
      url = start();
    }
    return url;
  }

  /** A key prefix no other test uses. */
  public static String keyPrefix() {
    return "csms-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  private static String start() {
    String fromEnv = System.getenv("CSMS_TEST_REDIS_URL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      LOG.info("Test Redis: {} (CSMS_TEST_REDIS_URL)", fromEnv);
      return fromEnv;
    }
    if (DockerEngine.available()) {
      GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
    }
    try {
      int port = ListenPorts.next();
      redis.embedded.RedisServer server = new redis.embedded.RedisServer(port);
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.stop();
        } catch (IOException ignored) {
          // the JVM is going away
        }
      }));
      LOG.info("Test Redis: embedded on port {}", port);
      return "redis://127.0.0.1:" + port;
    } catch (IOException e) {
      throw new IllegalStateException("No Redis for the tests: set CSMS_TEST_REDIS_URL, run Docker, "
          + "or let the embedded server start", e);
    }
  }
}
