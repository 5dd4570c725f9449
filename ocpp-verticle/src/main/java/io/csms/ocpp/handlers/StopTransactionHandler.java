package io.csms.ocpp.handlers;

import io.csms.bus.PersistenceAddresses;
import io.csms.ocpp.bus.PersistenceGateway;
import io.csms.ocpp.validation.OcppTimestamp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the stop with its transactionData (TRANSACTION_STOP). Every outcome (stopped, a late stop after
 * reconciliation, a retried stop, an unknown transaction) is answered with a normal CALLRESULT: refusing a
 * stop would only make the charge point retry it forever. The idTagInfo is added when an idTag was given.
 */
final class StopTransactionHandler implements ActionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(StopTransactionHandler.class);
  private final PersistenceGateway store;
  private final AuthorizationPolicy policy;

  StopTransactionHandler(PersistenceGateway store, AuthorizationPolicy policy) {
    this.store = store;
    this.policy = policy;
  }

  @Override
  public Future<JsonObject> handle(ChargePointRequest request) {
    JsonObject payload = request.payload();
    JsonObject stop = new JsonObject()
        .put("chargePointId", request.chargePointId())
        .put("transactionId", payload.getLong("transactionId"))
        .put("meterStop", payload.getInteger("meterStop"))
        .put("timestamp", OcppTimestamp.toUtc("timestamp", payload.getString("timestamp")));
    String idTag = payload.getString("idTag");
    if (idTag != null) {
      stop.put("idTag", idTag);
    }
    String reason = payload.getString("reason");
    if (reason != null) {
      stop.put("reason", reason);
    }
    JsonArray data = payload.getJsonArray("transactionData");
    if (data != null) {
      stop.put("transactionData", MeterValueList.normalised("transactionData", data));
    }
    Future<JsonObject> stored = store.request(PersistenceAddresses.TRANSACTION_STOP, stop);
    // The idTag's status for a stop does not depend on the stop (no running-transaction or balance rule): it is
    // looked up while the stop is written, and answered only once the stop is committed.
    Future<JsonObject> lookup = idTag == null ? null
        : store.request(PersistenceAddresses.IDTAG_LOOKUP, new JsonObject().put("idTag", idTag));
    return stored.compose(stopped -> {
      String outcome = stopped.getString("outcome");
      if ("UNKNOWN_TRANSACTION".equals(outcome)) {
        LOG.warn("{} stopped transaction {}, which it never started; nothing stored",
            request.chargePointId(), stop.getLong("transactionId"));
      }
      if (lookup == null) {
        return Future.succeededFuture(new JsonObject());
      }
      return lookup.map(found -> new JsonObject().put("idTagInfo",
          policy.idTagInfo(found, AuthorizationPolicy.Purpose.STOP, request.receivedAt())));
    });
  }
}
