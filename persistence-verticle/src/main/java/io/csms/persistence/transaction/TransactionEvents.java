package io.csms.persistence.transaction;

import io.csms.bus.EventAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Publishes {@link EventAddresses#TRANSACTION_STOPPED}; call only after the stop is committed. */
public final class TransactionEvents {
  private final Vertx vertx;

  public TransactionEvents(Vertx vertx) {
    this.vertx = vertx;
  }

  public void stopped(long transactionId, String chargePointId) {
    vertx.eventBus().publish(EventAddresses.TRANSACTION_STOPPED,
        new JsonObject().put("transactionId", transactionId).put("chargePointId", chargePointId));
  }
}
