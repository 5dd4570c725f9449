package io.csms.ocpp.session;

import io.vertx.core.Vertx;

/**
 * One timer for the whole node (not one per connection): each sweep pings the sessions due a ping and
 * closes those silent beyond the idle time-out.
 */
public final class LivenessMonitor {
  private final Vertx vertx;
  private final SessionRegistry registry;
  private final long pingIntervalMillis;
  private final long idleTimeoutMillis;
  private long timer = -1;

  public LivenessMonitor(Vertx vertx, SessionRegistry registry, int pingIntervalSeconds, int idleTimeoutSeconds) {
    this.vertx = vertx;
    this.registry = registry;
    this.pingIntervalMillis = pingIntervalSeconds * 1000L;
    this.idleTimeoutMillis = idleTimeoutSeconds * 1000L;
  }

  /** Sweeps often enough that neither a ping nor a close is late by more than a quarter of its period. */
  public void start() {
    long period = Math.max(100, Math.min(5000, Math.min(pingIntervalMillis, idleTimeoutMillis) / 4));
    timer = vertx.setPeriodic(period, id -> sweep());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    for (ChargerSession session : registry.all()) {
      session.checkLiveness(now, pingIntervalMillis, idleTimeoutMillis);
    }
  }
}
