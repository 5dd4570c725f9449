package io.csms.persistence.billing;

import io.csms.bus.EventAddresses;
import io.csms.bus.PersistenceAddresses;
import io.csms.persistence.BusEndpoint;
import io.csms.persistence.BusRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the billing section of {@link PersistenceAddresses}: the settlement of stopped transactions
 * ({@link SettlementStore}) and the wallet ledger ({@link WalletLedger}).
 */
public final class BillingStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(BillingStore.class);

  private final SettlementStore settlements;
  private final WalletLedger wallets;

  public BillingStore(Pool pool) {
    this.settlements = new SettlementStore(pool);
    this.wallets = new WalletLedger(pool);
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(
        BusEndpoint.serve(vertx, PersistenceAddresses.BILLING_QUOTE, LOG, settlements::quote),
        BusEndpoint.serve(vertx, PersistenceAddresses.BILLING_SETTLE, LOG, settlements::settle),
        BusEndpoint.serve(vertx, PersistenceAddresses.BILLING_RECORD_FAILURE, LOG, settlements::recordFailure),
        BusEndpoint.serve(vertx, PersistenceAddresses.BILLING_CLAIM, LOG, settlements::claim),
        BusEndpoint.serve(vertx, PersistenceAddresses.BILLING_RELEASE, LOG, settlements::release),
        BusEndpoint.serve(vertx, PersistenceAddresses.WALLET_TOP_UP, LOG, credited(vertx, wallets::topUp)),
        BusEndpoint.serve(vertx, PersistenceAddresses.WALLET_ADJUST, LOG, credited(vertx, wallets::adjust)));
  }

  /** After a committed credit, tells billing to retry the user's failed settlements. */
  private static Function<BusRequest, Future<JsonObject>> credited(Vertx vertx,
      Function<BusRequest, Future<JsonObject>> operation) {
    return request -> operation.apply(request).onSuccess(reply -> {
      // Validated by the operation: a decimal string, negative only for a debit adjustment.
      if (!request.text("amount").trim().startsWith("-")) {
        vertx.eventBus().publish(EventAddresses.WALLET_TOPPED_UP,
            new JsonObject().put("userId", request.wholeNumber("userId")));
      }
    });
  }
}
