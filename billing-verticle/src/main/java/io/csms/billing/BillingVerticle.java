package io.csms.billing;

import io.csms.billing.settlement.RetryScan;
import io.csms.billing.settlement.Settlement;
import io.csms.bus.BillingAddresses;
import io.csms.bus.BusFailure;
import io.csms.bus.EventAddresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bills stopped charging sessions against drivers' wallets: on {@link EventAddresses#TRANSACTION_STOPPED},
 * on request ({@link BillingAddresses#SETTLE}), after a wallet credit ({@link EventAddresses#WALLET_TOPPED_UP})
 * and by a periodic retry scan that works from the transactions' status, so nothing depends on an event
 * having been received. Any number of instances may run on any number of nodes.
 */
public class BillingVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(BillingVerticle.class);

  private Settlement settlement;
  private RetryScan scan;
  private List<MessageConsumer<JsonObject>> consumers = List.of();
  private long scanTimer = -1;

  @Override
  public Future<?> start() {
    BillingOptions options = BillingOptions.from(config());
    settlement = new Settlement(vertx, options);
    scan = new RetryScan(vertx, options, settlement);
    var bus = vertx.eventBus();
    consumers = List.of(
        bus.consumer(EventAddresses.TRANSACTION_STOPPED, this::onTransactionStopped),
        bus.consumer(EventAddresses.WALLET_TOPPED_UP, this::onWalletToppedUp),
        bus.consumer(BillingAddresses.SETTLE, this::onSettle),
        bus.consumer(BillingAddresses.SCAN, message -> answer(message, scan.scanNow())));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).onSuccess(ready -> {
      scanTimer = vertx.setPeriodic(options.scanIntervalSeconds() * 1000L, tick -> scan.scanIfIdle());
      // Stops committed while no billing verticle ran are billed now, not one interval later.
      scan.scanIfIdle();
    });
  }

  /**
   * Runs one retry scan now (after the running one, if any), on this verticle's context whatever thread
   * calls: for tests and tools; operators use {@link BillingAddresses#SCAN}.
   */
  public Future<JsonObject> scanNow() {
    Promise<JsonObject> scanned = Promise.promise();
    context.runOnContext(v -> scan.scanNow().onComplete(scanned));
    return scanned.future();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(scanTimer);
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList())
        .eventually(() -> scan.stop());
  }

  private void onTransactionStopped(Message<JsonObject> event) {
    Long transactionId = transactionIdOf(event.body());
    if (transactionId == null) {
      LOG.warn("Ignoring {} without a transactionId: {}", event.address(), event.body());
      return;
    }
    settlement.settle(transactionId, false)
        .onFailure(failure -> LOG.warn("Transaction {} not settled: {}", transactionId, failure.getMessage()));
  }

  private void onWalletToppedUp(Message<JsonObject> event) {
    Object userId = event.body() == null ? null : event.body().getValue("userId");
    if (!(userId instanceof Number number)) {
      LOG.warn("Ignoring {} without a userId: {}", event.address(), event.body());
      return;
    }
    scan.retryUser(number.longValue())
        .onFailure(failure -> LOG.warn("Retry of user {}'s billings failed: {}", userId, failure.getMessage()));
  }

  private void onSettle(Message<JsonObject> request) {
    Long transactionId = transactionIdOf(request.body());
    if (transactionId == null) {
      request.fail(BusFailure.INVALID, "transactionId (an integer) is required");
      return;
    }
    answer(request, settlement.settle(transactionId, true));
  }

  private static Long transactionIdOf(Object body) {
    return body instanceof JsonObject json && json.getValue("transactionId") instanceof Number id
        && (id instanceof Integer || id instanceof Long) ? id.longValue() : null;
  }

  private static void answer(Message<JsonObject> request, Future<JsonObject> reply) {
    reply.onComplete(done -> {
      if (done.succeeded()) {
        request.reply(done.result());
      } else {
        int code = BusFailure.codeOf(done.cause());
        request.fail(code, code == BusFailure.INTERNAL ? "internal error" : done.cause().getMessage());
      }
    });
  }
}
