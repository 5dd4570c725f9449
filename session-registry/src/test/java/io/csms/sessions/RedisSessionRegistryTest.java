package io.csms.sessions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Against a real Redis: two registry clients stand for two nodes. */
@ExtendWith(VertxExtension.class)
class RedisSessionRegistryTest extends SessionRegistryContract {
  private SessionRegistry nodeA;
  private SessionRegistry nodeB;

  @BeforeEach
  void connect(Vertx vertx) {
    String prefix = TestRedis.keyPrefix();
    nodeA = new RedisSessionRegistry(vertx, TestRedis.url(), prefix, Duration.ofSeconds(30));
    nodeB = new RedisSessionRegistry(vertx, TestRedis.url(), prefix, Duration.ofSeconds(30));
  }

  @AfterEach
  void close() {
    nodeA.close();
    nodeB.close();
  }

  @Override
  SessionRegistry registry() {
    return nodeA;
  }

  @Override
  SessionRegistry otherNode() {
    return nodeB;
  }

  @Test
  void aDeadNodesSessionsExpire(Vertx vertx, VertxTestContext ctx) {
    SessionRegistry shortLived = new RedisSessionRegistry(vertx, TestRedis.url(), TestRedis.keyPrefix(), Duration.ofMillis(300));
    String cp = cp();
    // Nobody refreshes: the node "died". Redis expires the key on its own clock.
    shortLived.register(record(cp, "dead-node")).onComplete(ctx.succeeding(v ->
        ExpiryProbe.untilGone(vertx, shortLived, cp, ctx)));
  }
}
