package io.csms.persistence.billing;

import io.csms.bus.BusFailure;
import io.csms.bus.EventAddresses;
import io.csms.bus.PersistenceAddresses;
import io.csms.persistence.BusEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
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
    var bus = vertx.eventBus();
    return List.of(
        bus.consumer(PersistenceAddresses.BILLING_QUOTE, serve(settlements::quote)),
        bus.consumer(PersistenceAddresses.BILLING_SETTLE, serve(settlements::settle)),
        bus.consumer(PersistenceAddresses.BILLING_RECORD_FAILURE, serve(settlements::recordFailure)),
        bus.consumer(PersistenceAddresses.BILLING_CLAIM, serve(settlements::claim)),
        bus.consumer(PersistenceAddresses.BILLING_RELEASE, serve(settlements::release)),
        bus.consumer(PersistenceAddresses.WALLET_TOP_UP, serve(credited(vertx, wallets::topUp))),
        bus.consumer(PersistenceAddresses.WALLET_ADJUST, serve(credited(vertx, wallets::adjust))),
        bus.consumer(PersistenceAddresses.WALLET_GET, serve(wallets::get)));
  }

  /** After a committed credit, tells billing to retry the user's failed settlements. */
  private static Function<JsonObject, Future<JsonObject>> credited(Vertx vertx,
      Function<JsonObject, Future<JsonObject>> operation) {
    return request -> operation.apply(request).onSuccess(reply -> {
      // Validated by the operation: a decimal string, negative only for a debit adjustment.
      if (!request.getString("amount").trim().startsWith("-")) {
        vertx.eventBus().publish(EventAddresses.WALLET_TOPPED_UP,
            new JsonObject().put("userId", request.getLong("userId")));
      }
    });
  }

  private static Handler<Message<JsonObject>> serve(Function<JsonObject, Future<JsonObject>> operation) {
    return message -> {
      Future<JsonObject> reply;
      try {
        reply = operation.apply(message.body());
      } catch (RequestRejected | ClassCastException e) {
        reply = Future.failedFuture(e);
      }
      reply.onComplete(done -> {
        if (done.succeeded()) {
          message.reply(done.result());
        } else if (done.cause() instanceof RequestRejected rejected) {
          message.fail(rejected.code(), rejected.getMessage());
        } else if (done.cause() instanceof ClassCastException) {
          message.fail(BusFailure.INVALID, "a field has the wrong type");
        } else {
          LOG.error("{} failed", message.address(), done.cause());
          message.fail(BusFailure.INTERNAL, "internal error");
        }
      });
    };
  }
}
