package io.csms.api.http;

import io.vertx.core.Future;

/** Counts requests per caller in fixed one-minute windows. */
public interface RateLimiter {

  /** The outcome for one request: allowed, or refused until the window ends. */
  record Decision(boolean allowed, long retryAfterSeconds) {
  }

  /** Counts one request of {@code caller} and tells whether it is within the limit. */
  Future<Decision> take(String caller);

  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
