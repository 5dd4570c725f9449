package io.csms.sessions;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A single node without Redis: the local shared map. */
@ExtendWith(VertxExtension.class)
class SharedMapSessionRegistryTest extends SessionRegistryContract {
  private SessionRegistry registry;

  @BeforeEach
  void create(Vertx vertx) {
    registry = new SharedMapSessionRegistry(vertx, Duration.ofSeconds(30));
  }

  @Override
  SessionRegistry registry() {
    return registry;
  }

  @Override
  SessionRegistry otherNode() {
    return registry;
  }

  @Test
  void sessionsThatAreNotRefreshedExpire(Vertx vertx, VertxTestContext ctx) {
    SessionRegistry shortLived = new SharedMapSessionRegistry(vertx, Duration.ofMillis(300));
    String cp = cp();
    shortLived.register(record(cp, "node-a")).onComplete(ctx.succeeding(v -> ExpiryProbe.untilGone(vertx, shortLived, cp, ctx)));
  }
}
