package io.csms.ocpp.handlers;

import io.csms.bus.PersistenceAddresses;
import io.csms.ocpp.bus.PersistenceGateway;
import io.csms.ocpp.validation.OcppTimestamp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Records a connector's (or, for connector 0, the charger's) status: CONNECTOR_STATUS. */
final class StatusNotificationHandler implements ActionHandler {
  private final PersistenceGateway store;

  StatusNotificationHandler(PersistenceGateway store) {
    this.store = store;
  }

  @Override
  public Future<JsonObject> handle(ChargePointRequest request) {
    JsonObject status = request.payload().copy()
        .put("chargePointId", request.chargePointId())
        .put("receivedAt", request.receivedAt().toString());
    String timestamp = status.getString("timestamp");
    if (timestamp != null) {
      status.put("timestamp", OcppTimestamp.toUtc("timestamp", timestamp));
    }
    return store.request(PersistenceAddresses.CONNECTOR_STATUS, status).map(stored -> new JsonObject());
  }
}
