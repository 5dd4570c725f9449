package io.csms.ocpp.bus;

import io.csms.bus.EventAddresses;
import io.csms.bus.PersistenceAddresses;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a charge point's WebSocket opening or closing on this node: CHARGER_CONNECTION to the store,
 * then the CHARGER_CONNECTED / CHARGER_DISCONNECTED event once the store has answered (the event is
 * published even when the store failed: the socket opened or closed either way).
 */
public final class ConnectionEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionEvents.class);
  private final PersistenceGateway store;
  private final io.vertx.core.eventbus.EventBus bus;
  private final String nodeId;
  private final Map<String, Future<Void>> inFlight = new HashMap<>();

  public ConnectionEvents(PersistenceGateway store, io.vertx.core.eventbus.EventBus bus, String nodeId) {
    this.store = store;
    this.bus = bus;
    this.nodeId = nodeId;
  }

  public void connected(String chargePointId) {
    report(chargePointId, true, EventAddresses.CHARGER_CONNECTED);
  }

  public void disconnected(String chargePointId) {
    report(chargePointId, false, EventAddresses.CHARGER_DISCONNECTED);
  }

  /**
   * Reports of one charge point are written one after the other, so that a quick close-and-reconnect
   * cannot leave the store with the close as its last word. Used on the verticle's event loop only.
   */
  private void report(String chargePointId, boolean connected, String event) {
    String at = Instant.now().toString();
    JsonObject connection = new JsonObject().put("chargePointId", chargePointId).put("connected", connected)
        .put("nodeId", nodeId).put("at", at);
    Future<Void> previous = inFlight.get(chargePointId);
    Future<Void> written = (previous == null ? Future.<Void>succeededFuture() : previous)
        .eventually(() -> store.request(PersistenceAddresses.CHARGER_CONNECTION, connection))
        .onFailure(e -> LOG.warn("{}: could not record connected={}: {}", chargePointId, connected, e.toString()))
        .onComplete(ar -> bus.publish(event,
            new JsonObject().put("chargePointId", chargePointId).put("nodeId", nodeId).put("at", at)))
        .mapEmpty();
    inFlight.put(chargePointId, written);
    written.onComplete(ar -> inFlight.remove(chargePointId, written));
  }
}
