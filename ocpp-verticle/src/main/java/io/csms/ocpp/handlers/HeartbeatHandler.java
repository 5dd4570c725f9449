package io.csms.ocpp.handlers;

import io.csms.bus.PersistenceAddresses;
import io.csms.ocpp.bus.PersistenceGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Records the heartbeat (CHARGER_HEARTBEAT) and answers the CSMS's current time. */
final class HeartbeatHandler implements ActionHandler {
  private final PersistenceGateway store;

  HeartbeatHandler(PersistenceGateway store) {
    this.store = store;
  }

  @Override
  public Future<JsonObject> handle(ChargePointRequest request) {
    JsonObject heartbeat = new JsonObject()
        .put("chargePointId", request.chargePointId())
        .put("receivedAt", request.receivedAt().toString());
    return store.request(PersistenceAddresses.CHARGER_HEARTBEAT, heartbeat)
        .map(stored -> new JsonObject().put("currentTime", CurrentTime.now()));
  }
}
