package io.csms.ocpp.handlers;

import io.csms.bus.PersistenceAddresses;
import io.csms.ocpp.bus.PersistenceGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Stores the charge point's identity (CHARGER_BOOT) and accepts it with the configured heartbeat interval. */
final class BootNotificationHandler implements ActionHandler {
  private final PersistenceGateway store;
  private final int heartbeatIntervalSeconds;

  BootNotificationHandler(PersistenceGateway store, int heartbeatIntervalSeconds) {
    this.store = store;
    this.heartbeatIntervalSeconds = heartbeatIntervalSeconds;
  }

  @Override
  public Future<JsonObject> handle(ChargePointRequest request) {
    // The payload's keys are the contract's keys; the schema has already excluded any other.
    JsonObject boot = request.payload().copy()
        .put("chargePointId", request.chargePointId())
        .put("receivedAt", request.receivedAt().toString());
    return store.request(PersistenceAddresses.CHARGER_BOOT, boot).map(stored -> new JsonObject()
        .put("status", "Accepted")
        .put("currentTime", CurrentTime.now())
        .put("interval", heartbeatIntervalSeconds));
  }
}
