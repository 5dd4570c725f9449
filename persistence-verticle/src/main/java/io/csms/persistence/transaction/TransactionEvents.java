package io.csms.persistence.transaction;

import io.csms.bus.EventAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Publishes {@link EventAddresses#TRANSACTION_STOPPED}, {@link EventAddresses#TRANSACTION_STARTED} and
 * {@link EventAddresses#CONNECTOR_STATUS_CHANGED}; call only after what they announce is committed.
 */
public final class TransactionEvents {
  private final Vertx vertx;

  public TransactionEvents(Vertx vertx) {
    this.vertx = vertx;
  }

  public void stopped(long transactionId, String chargePointId) {
    vertx.eventBus().publish(EventAddresses.TRANSACTION_STOPPED,
        new JsonObject().put("transactionId", transactionId).put("chargePointId", chargePointId));
  }

  public void started(long transactionId, String chargePointId, int connectorId, String idTag, Integer reservationId) {
    vertx.eventBus().publish(EventAddresses.TRANSACTION_STARTED, new JsonObject().put("transactionId", transactionId)
        .put("chargePointId", chargePointId).put("connectorId", connectorId).put("idTag", idTag)
        .put("reservationId", reservationId));
  }

  public void connectorStatus(String chargePointId, int connectorId, String status, String errorCode, String at) {
    vertx.eventBus().publish(EventAddresses.CONNECTOR_STATUS_CHANGED, new JsonObject()
        .put("chargePointId", chargePointId).put("connectorId", connectorId).put("status", status)
        .put("errorCode", errorCode).put("at", at));
  }
}
