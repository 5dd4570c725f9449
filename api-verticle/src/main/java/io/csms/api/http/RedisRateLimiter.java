package io.csms.api.http;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.time.Clock;
import java.util.List;

/**
 * Counters in Redis ({@code INCR} + {@code EXPIRE} per caller and minute), so every node of a cluster
 * enforces one limit together.
 */
public final class RedisRateLimiter implements RateLimiter {
  private final RedisAPI redis;
  private final String keyPrefix;
  private final int limitPerMinute;
  private final Clock clock;

  public RedisRateLimiter(RedisAPI redis, String keyPrefix, int limitPerMinute, Clock clock) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.limitPerMinute = limitPerMinute;
    this.clock = clock;
  }

  @Override
  public Future<Decision> take(String caller) {
    long now = clock.millis();
    String key = keyPrefix + "rate:" + caller + ":" + (now / 60_000);
    return redis.incr(key).compose(count -> {
      long n = count.toLong();
      Future<?> expiry = n == 1 ? redis.expire(List.of(key, "120")) : Future.succeededFuture();
      return expiry.map(v -> n <= limitPerMinute
          ? new Decision(true, 0)
          : new Decision(false, Math.max(1, 60 - (now / 1000) % 60)));
    });
  }
}
