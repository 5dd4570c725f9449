package io.csms.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import java.time.Clock;

/**
 * Counters in this node's memory, shared by every API verticle instance of the node (a local map), used
 * when no Redis is configured. Each node of a cluster then counts on its own.
 */
public final class LocalRateLimiter implements RateLimiter {
  private final LocalMap<String, Long> counters;
  private final int limitPerMinute;
  private final Clock clock;
  private final Vertx vertx;
  private final long sweepTimer;

  public LocalRateLimiter(Vertx vertx, int limitPerMinute, Clock clock) {
    this.vertx = vertx;
    this.counters = vertx.sharedData().getLocalMap("csms.api.rate-limit");
    this.limitPerMinute = limitPerMinute;
    this.clock = clock;
    // Counters of past windows are dead weight: drop them once a minute.
    this.sweepTimer = vertx.setPeriodic(60_000, id -> {
      String current = ":" + window();
      counters.keySet().stream().filter(k -> !k.endsWith(current)).toList().forEach(counters::remove);
    });
  }

  @Override
  public Future<Decision> take(String caller) {
    long window = window();
    Long count = counters.merge(caller + ":" + window, 1L, Long::sum);
    if (count <= limitPerMinute) {
      return Future.succeededFuture(new Decision(true, 0));
    }
    return Future.succeededFuture(new Decision(false, secondsLeft()));
  }

  private long window() {
    return clock.millis() / 60_000;
  }

  private long secondsLeft() {
    return Math.max(1, 60 - (clock.millis() / 1000) % 60);
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    return Future.succeededFuture();
  }
}
