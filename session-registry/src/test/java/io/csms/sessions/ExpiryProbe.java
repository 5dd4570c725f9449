package io.csms.sessions;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.util.List;

/**
 * Expiry is the passing of time itself, so its test has to wait: it asks the registry again every 100 ms
 * until the record is gone, and fails after 10 s.
 */
final class ExpiryProbe {
  private ExpiryProbe() {
  }

  static void untilGone(Vertx vertx, SessionRegistry registry, String cp, VertxTestContext ctx) {
    long deadline = System.currentTimeMillis() + 10_000;
    vertx.setPeriodic(100, timer -> registry.lookup(List.of(cp)).onComplete(ar -> {
      if (ar.failed()) {
        vertx.cancelTimer(timer);
        ctx.failNow(ar.cause());
      } else if (ar.result().isEmpty()) {
        vertx.cancelTimer(timer);
        ctx.completeNow();
      } else if (System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(timer);
        ctx.failNow(new AssertionError("the dead node's session never expired"));
      }
    }));
  }
}
