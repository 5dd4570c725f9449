package io.csms.sessions;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sessions in Redis: one key per charge point ({@code <prefix>session:<chargePointId>}) holding the
 * record as JSON with a millisecond expiry. Compare-and-set operations run as Lua scripts so that they are
 * atomic on the server.
 */
final class RedisSessionRegistry implements SessionRegistry {
  // Returns the previous value and sets the new one with its expiry.
  private static final String REGISTER = """
      local previous = redis.call('GET', KEYS[1])
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      return previous""";
  // Deletes only if the stored record is still this connection's.
  private static final String UNREGISTER = """
      local current = redis.call('GET', KEYS[1])
      if current and cjson.decode(current)['connectionId'] == ARGV[1] then
        redis.call('DEL', KEYS[1])
        return 1
      end
      return 0""";
  // For each key: replace and extend if still owned by the same connection, else report it lost.
  private static final String REFRESH = """
      local lost = {}
      for i, key in ipairs(KEYS) do
        local current = redis.call('GET', key)
        local wanted = cjson.decode(ARGV[i])
        if current and cjson.decode(current)['connectionId'] == wanted['connectionId'] then
          redis.call('SET', key, ARGV[i], 'PX', ARGV[#KEYS + 1])
        else
          table.insert(lost, wanted['chargePointId'])
        end
      end
      return lost""";

  private final Redis client;
  private final RedisAPI api;
  private final String prefix;
  private final Duration ttl;

  RedisSessionRegistry(Vertx vertx, String url, String keyPrefix, Duration ttl) {
    // A reconnect storm registers thousands of sessions at once: let requests queue and pipeline
    // instead of failing at the client's small defaults.
    this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
        .setMaxPoolSize(8).setMaxPoolWaiting(16_384).setMaxWaitingHandlers(4_096));
    this.api = RedisAPI.api(client);
    this.prefix = keyPrefix + "session:";
    this.ttl = ttl;
  }

  @Override
  public Future<Optional<SessionRecord>> register(SessionRecord record) {
    return api.eval(List.of(REGISTER, "1", key(record.chargePointId()), record.toJson().encode(),
            Long.toString(ttl.toMillis())))
        .map(previous -> Optional.ofNullable(previous).map(r -> SessionRecord.fromJson(new JsonObject(r.toString()))));
  }

  @Override
  public Future<Boolean> unregister(String chargePointId, String connectionId) {
    return api.eval(List.of(UNREGISTER, "1", key(chargePointId), connectionId))
        .map(removed -> removed != null && removed.toInteger() == 1);
  }

  @Override
  public Future<Set<String>> refresh(Collection<SessionRecord> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    List<String> args = new ArrayList<>();
    args.add(REFRESH);
    args.add(Integer.toString(records.size()));
    records.forEach(r -> args.add(key(r.chargePointId())));
    records.forEach(r -> args.add(r.toJson().encode()));
    args.add(Long.toString(ttl.toMillis()));
    return api.eval(args).map(lost -> {
      Set<String> ids = new HashSet<>();
      if (lost != null) {
        lost.forEach(id -> ids.add(id.toString()));
      }
      return ids;
    });
  }

  @Override
  public Future<Map<String, SessionRecord>> lookup(Collection<String> chargePointIds) {
    if (chargePointIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Request mget = Request.cmd(Command.MGET);
    chargePointIds.forEach(id -> mget.arg(key(id)));
    return client.send(mget).map(values -> {
      Map<String, SessionRecord> found = new HashMap<>();
      for (Response value : values) {
        if (value != null) {
          SessionRecord record = SessionRecord.fromJson(new JsonObject(value.toString()));
          found.put(record.chargePointId(), record);
        }
      }
      return found;
    });
  }

  @Override
  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }

  private String key(String chargePointId) {
    return prefix + chargePointId;
  }
}
