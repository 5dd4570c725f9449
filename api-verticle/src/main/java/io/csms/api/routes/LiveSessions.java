package io.csms.api.routes;

import io.csms.bus.OcppAddresses;
import io.csms.sessions.SessionRecord;
import io.csms.sessions.SessionRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which chargers have a live WebSocket, and on which node, for a whole page of chargers at once: asked
 * of this node's OCPP verticle ({@link OcppAddresses#SESSIONS}, a local address); on a node that runs the
 * API without the OCPP verticle, read from the cluster-wide {@link SessionRegistry} the OCPP verticles
 * keep. Should neither answer, the state last recorded in the database stands in, so a list never fails
 * for it.
 */
public final class LiveSessions {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSessions.class);
  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;
  private final SessionRegistry registry;

  public LiveSessions(Vertx vertx, SessionRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  /** The live sessions of these charge points, by charge point id: {@code {nodeId, connectedAt, lastSeenAt}}. */
  Future<Map<String, JsonObject>> lookup(List<String> chargePointIds) {
    JsonArray ids = new JsonArray(List.copyOf(chargePointIds));
    return vertx.eventBus().<JsonObject>request(OcppAddresses.SESSIONS, new JsonObject().put("chargePointIds", ids), TIMEOUT)
        .map(reply -> {
          Map<String, JsonObject> live = new HashMap<>();
          reply.body().getJsonArray("sessions", new JsonArray())
              .forEach(s -> live.put(((JsonObject) s).getString("chargePointId"), (JsonObject) s));
          return live;
        })
        .recover(e -> noLocalOcpp(e)
            ? registry.lookup(chargePointIds).map(records -> {
              Map<String, JsonObject> live = new HashMap<>();
              records.forEach((id, record) -> live.put(id, record.toJson()));
              return live;
            })
            : Future.failedFuture(e));
  }

  /** The node holding one charge point, if any. */
  Future<Optional<String>> nodeOf(String chargePointId) {
    return registry.lookup(List.of(chargePointId))
        .map(records -> Optional.ofNullable(records.get(chargePointId)).map(SessionRecord::nodeId));
  }

  static boolean noLocalOcpp(Throwable e) {
    return e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  /** Adds {@code isConnected}, {@code connectionStatus} (boolean) and {@code connectedNode} to each charger. */
  Future<List<JsonObject>> annotate(List<JsonObject> chargers) {
    if (chargers.isEmpty()) {
      return Future.succeededFuture(chargers);
    }
    return lookup(chargers.stream().map(c -> c.getString("chargePointId")).toList())
        .map(live -> {
          chargers.forEach(c -> mark(c, live.get(c.getString("chargePointId"))));
          return chargers;
        })
        .recover(e -> {
          LOG.debug("Live sessions not reachable ({}); using the recorded connection state", e.getMessage());
          chargers.forEach(c -> {
            boolean online = "ONLINE".equals(c.getValue("connectionStatus"));
            c.put("isConnected", online).put("connectionStatus", online);
          });
          return Future.succeededFuture(chargers);
        });
  }

  private static void mark(JsonObject charger, JsonObject session) {
    boolean connected = session != null;
    charger.put("isConnected", connected).put("connectionStatus", connected)
        .put("connectedNode", connected ? session.getString("nodeId") : null);
    if (connected) {
      charger.put("connectedAt", session.getString("connectedAt"));
      if (session.getString("lastSeenAt") != null) {
        charger.put("lastSeenAt", session.getString("lastSeenAt"));
      }
    }
  }
}
