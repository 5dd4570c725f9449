package io.csms.sessions;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sessions in Vert.x shared data: the Hazelcast map {@value #MAP} when the node is clustered, a local map
 * otherwise. Each value is the record's JSON plus {@code expiresAt} (epoch ms), and compare-and-set
 * compares whole values.
 *
 * <p>The expiry lives in the value, not in the map's own TTL, because the Hazelcast map of Vert.x 5.0
 * does not support the TTL variants of compare-and-set. An expired value counts as absent and is removed
 * when next read; a map holds at most one value per charge point, so what waits to be read is bounded by
 * the fleet. Nodes' clocks must agree to within a fraction of the time to live (NTP).
 */
final class SharedMapSessionRegistry implements SessionRegistry {
  static final String MAP = "csms.sessions";
  private final Future<AsyncMap<String, String>> map;
  private final long ttlMillis;

  SharedMapSessionRegistry(Vertx vertx, Duration ttl) {
    this.map = vertx.sharedData().<String, String>getAsyncMap(MAP);
    this.ttlMillis = ttl.toMillis();
  }

  private String stored(SessionRecord record) {
    return record.toJson().put("expiresAt", System.currentTimeMillis() + ttlMillis).encode();
  }

  /** The live record in a stored value, or null when absent or expired. */
  private static SessionRecord live(String value) {
    if (value == null) {
      return null;
    }
    JsonObject json = new JsonObject(value);
    return json.getLong("expiresAt", 0L) < System.currentTimeMillis() ? null : SessionRecord.fromJson(json);
  }

  /**
   * Whether a stored value is live and names this connection: what a refresh needs, read without building
   * the record (its two instants cost more than the rest of a refresh).
   */
  private static boolean liveFor(String value, String connectionId) {
    if (value == null) {
      return false;
    }
    JsonObject json = new JsonObject(value);
    return json.getLong("expiresAt", 0L) >= System.currentTimeMillis()
        && connectionId.equals(json.getString("connectionId"));
  }

  @Override
  public Future<Optional<SessionRecord>> register(SessionRecord record) {
    String value = stored(record);
    return map.compose(m -> m.putIfAbsent(record.chargePointId(), value).compose(previous -> {
      if (previous == null) {
        return Future.succeededFuture(Optional.empty());
      }
      // Someone holds it: swap against what we saw, and start over if it moved meanwhile.
      return m.replaceIfPresent(record.chargePointId(), previous, value).compose(swapped -> swapped
          ? Future.succeededFuture(Optional.ofNullable(live(previous)))
          : register(record));
    }));
  }

  @Override
  public Future<Boolean> unregister(String chargePointId, String connectionId) {
    return map.compose(m -> m.get(chargePointId).compose(current -> {
      if (current == null || !connectionId.equals(new JsonObject(current).getString("connectionId"))) {
        return Future.succeededFuture(false);
      }
      return m.removeIfPresent(chargePointId, current);
    }));
  }

  @Override
  public Future<Set<String>> refresh(Collection<SessionRecord> records) {
    Set<String> lost = new HashSet<>();
    List<Future<Boolean>> each = records.stream().map(record -> map.compose(m -> m.get(record.chargePointId())
        .compose(current -> {
          if (!liveFor(current, record.connectionId())) {
            return Future.succeededFuture(false);
          }
          return m.replaceIfPresent(record.chargePointId(), current, stored(record));
        })
        .onSuccess(kept -> {
          if (!kept) {
            synchronized (lost) {
              lost.add(record.chargePointId());
            }
          }
        }))).toList();
    return Future.all(each).map(v -> lost);
  }

  @Override
  public Future<Map<String, SessionRecord>> lookup(Collection<String> chargePointIds) {
    Map<String, SessionRecord> found = new HashMap<>();
    List<Future<Void>> each = chargePointIds.stream().distinct().map(id -> map.compose(m -> m.get(id).compose(value -> {
      SessionRecord record = live(value);
      if (record != null) {
        synchronized (found) {
          found.put(id, record);
        }
        return Future.<Void>succeededFuture();
      }
      // Expired: clear it unless it changed since we read it.
      return value == null ? Future.<Void>succeededFuture() : m.removeIfPresent(id, value).<Void>mapEmpty();
    }))).toList();
    return Future.all(each).map(v -> found);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
