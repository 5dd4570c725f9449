package io.csms.ocpp.handlers;

import io.csms.bus.PersistenceAddresses;
import io.csms.ocpp.bus.PersistenceGateway;
import io.csms.ocpp.validation.OcppTimestamp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Checks the idTag (IDTAG_LOOKUP) and records the transaction (TRANSACTION_START) whatever the verdict:
 * the charge point has already started it, and stops it itself when the idTagInfo is not Accepted. The
 * transactionId answered is the database id; an identical retry gets the same id.
 */
final class StartTransactionHandler implements ActionHandler {
  private final PersistenceGateway store;
  private final AuthorizationPolicy policy;

  StartTransactionHandler(PersistenceGateway store, AuthorizationPolicy policy) {
    this.store = store;
    this.policy = policy;
  }

  @Override
  public Future<JsonObject> handle(ChargePointRequest request) {
    JsonObject payload = request.payload();
    String timestamp = OcppTimestamp.toUtc("timestamp", payload.getString("timestamp"));
    String idTag = payload.getString("idTag");
    return store.request(PersistenceAddresses.IDTAG_LOOKUP, new JsonObject().put("idTag", idTag))
        .compose(lookup -> {
          JsonObject idTagInfo = policy.idTagInfo(lookup, AuthorizationPolicy.Purpose.START, request.receivedAt());
          JsonObject start = new JsonObject()
              .put("chargePointId", request.chargePointId())
              .put("connectorId", payload.getInteger("connectorId"))
              .put("idTag", idTag)
              .put("meterStart", payload.getInteger("meterStart"))
              .put("timestamp", timestamp)
              .put("idTagStatus", idTagInfo.getString("status"));
          Integer reservationId = payload.getInteger("reservationId");
          if (reservationId != null) {
            start.put("reservationId", reservationId);
          }
          return store.request(PersistenceAddresses.TRANSACTION_START, start)
              .map(started -> new JsonObject()
                  .put("transactionId", started.getLong("transactionId"))
                  .put("idTagInfo", idTagInfo));
        });
  }
}
