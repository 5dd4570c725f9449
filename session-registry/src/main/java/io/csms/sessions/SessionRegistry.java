package io.csms.sessions;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which node holds each charge point's WebSocket, shared by every node. Records expire unless their
 * node refreshes them, so a node that dies (even {@code kill -9}) leaves nothing behind for longer than
 * the time to live.
 *
 * <p>Two implementations with the same behaviour: {@link RedisSessionRegistry} when {@code redis.url} is
 * configured, else {@link SharedMapSessionRegistry} on Vert.x shared data (the Hazelcast map in a
 * cluster, a local map on a single node).
 */
public interface SessionRegistry {

  /**
   * Makes this connection the charge point's session, whatever was registered before: a reconnecting
   * charge point always wins. Atomic. Completes with the record it replaced, so the caller can close
   * that older socket.
   */
  Future<Optional<SessionRecord>> register(SessionRecord record);

  /**
   * Removes the charge point's session only if it is still this connection's. A late close of a socket
   * that was taken over never removes its successor. Completes with whether it removed anything.
   */
  Future<Boolean> unregister(String chargePointId, String connectionId);

  /**
   * Extends the time to live of these sessions and records their last-seen instants, for those still
   * owned by the same connection. Completes with the charge point ids that are no longer this
   * connection's (taken over or expired): their sockets should be closed.
   */
  Future<Set<String>> refresh(Collection<SessionRecord> records);

  /** The live sessions among these charge points, in one round trip where the store allows. */
  Future<Map<String, SessionRecord>> lookup(Collection<String> chargePointIds);

  Future<Void> close();

  /**
   * The registry this node's configuration asks for: Redis when {@code redis.url} is set, else the
   * shared map. {@code cluster.sessionTtlSeconds} (default 30) is the time to live; nodes refresh at a
   * third of it.
   */
  static SessionRegistry create(Vertx vertx, JsonObject config) {
    Duration ttl = Duration.ofSeconds(config.getJsonObject("cluster", new JsonObject()).getInteger("sessionTtlSeconds", 30));
    JsonObject redis = config.getJsonObject("redis", new JsonObject());
    String url = redis.getString("url");
    if (url != null && !url.isBlank()) {
      return new RedisSessionRegistry(vertx, url, redis.getString("keyPrefix", "csms:"), ttl);
    }
    return new SharedMapSessionRegistry(vertx, ttl);
  }
}
