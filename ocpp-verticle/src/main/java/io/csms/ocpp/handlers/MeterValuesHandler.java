package io.csms.ocpp.handlers;

import io.csms.bus.PersistenceAddresses;
import io.csms.ocpp.bus.PersistenceGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Keeps every sampled value (METER_VALUES). */
final class MeterValuesHandler implements ActionHandler {
  private final PersistenceGateway store;

  MeterValuesHandler(PersistenceGateway store) {
    this.store = store;
  }

  @Override
  public Future<JsonObject> handle(ChargePointRequest request) {
    JsonObject payload = request.payload();
    JsonObject values = new JsonObject()
        .put("chargePointId", request.chargePointId())
        .put("connectorId", payload.getInteger("connectorId"))
        .put("meterValue", MeterValueList.normalised("meterValue", payload.getJsonArray("meterValue")));
    Long transactionId = payload.getLong("transactionId");
    if (transactionId != null) {
      values.put("transactionId", transactionId);
    }
    return store.request(PersistenceAddresses.METER_VALUES, values).map(stored -> new JsonObject());
  }
}
