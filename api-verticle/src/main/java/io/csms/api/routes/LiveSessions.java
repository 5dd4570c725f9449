package io.csms.api.routes;

import io.csms.bus.OcppAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks chargers with their live connection state from the OCPP session registry: one bus request for a
 * whole page of chargers. When the registry cannot be asked (no OCPP verticle answers), the state last
 * recorded in the database stands in, so a list never fails for it.
 */
final class LiveSessions {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSessions.class);
  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(5_000);

  private LiveSessions() {
  }

  /** Adds {@code isConnected}, {@code connectionStatus} (boolean) and {@code connectedNode} to each charger. */
  static Future<List<JsonObject>> annotate(Vertx vertx, List<JsonObject> chargers) {
    if (chargers.isEmpty()) {
      return Future.succeededFuture(chargers);
    }
    JsonArray ids = new JsonArray();
    chargers.forEach(c -> ids.add(c.getString("chargePointId")));
    return vertx.eventBus().<JsonObject>request(OcppAddresses.SESSIONS, new JsonObject().put("chargePointIds", ids), TIMEOUT)
        .map(reply -> {
          Map<String, JsonObject> live = new HashMap<>();
          JsonArray sessions = reply.body().getJsonArray("sessions", new JsonArray());
          sessions.forEach(s -> live.put(((JsonObject) s).getString("chargePointId"), (JsonObject) s));
          chargers.forEach(c -> mark(c, live.get(c.getString("chargePointId"))));
          return chargers;
        })
        .recover(e -> {
          LOG.debug("Session registry not reachable ({}); using recorded connection state", e.getMessage());
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
