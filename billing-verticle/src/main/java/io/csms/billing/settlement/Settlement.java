package io.csms.billing.settlement;

import io.csms.bus.LocalFirst;
import io.csms.billing.BillingOptions;
import io.csms.billing.tariff.Tariff;
import io.csms.billing.tariff.TariffCalculator;
import io.csms.bus.BusFailure;
import io.csms.bus.EventAddresses;
import io.csms.bus.PersistenceAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles one stopped transaction: quotes it from persistence, prices it with {@link TariffCalculator},
 * and has persistence apply the price in one database transaction that re-checks what was quoted. Every
 * failure ends as BILLING_FAILED (or FAILED when retrying cannot help) with the reason persisted, so the
 * retry scan picks it up. Safe to call any number of times, concurrently, from any node.
 */
public final class Settlement {
  private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);
  /** A transaction whose energy keeps changing while it is priced is retried later by the scan. */
  private static final int STALE_RETRIES = 3;
  private static final Set<String> CHANGED = Set.of("COMPLETED", "BILLING_FAILED", "FAILED");

  private final Vertx vertx;
  private final BillingOptions options;
  private final Set<Future<?>> inFlight = new HashSet<>();

  public Settlement(Vertx vertx, BillingOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  /**
   * Settles the transaction and answers {@code {transactionId, outcome, status, amount, attempts,
   * nextAttemptAt, error?}}; fails with NOT_FOUND or CONFLICT (not stopped) as a {@link ReplyException}.
   * Without {@code retryFailed}, a transaction that is BILLING_FAILED already is left to its scheduled
   * retry (outcome RETRY_SCHEDULED): a stop event is then a duplicate, not a reason to try again.
   */
  public Future<JsonObject> settle(long transactionId, boolean retryFailed) {
    Future<JsonObject> settled = attempt(transactionId, retryFailed, STALE_RETRIES).onSuccess(reply -> {
      if (CHANGED.contains(reply.getString("outcome"))) {
        vertx.eventBus().publish(EventAddresses.TRANSACTION_SETTLED, reply);
      }
    });
    inFlight.add(settled);
    return settled.onComplete(done -> inFlight.remove(settled));
  }

  /** Completes when every settlement started so far has ended (used when the verticle stops). */
  public Future<Void> drain() {
    return Future.join(List.copyOf(inFlight)).mapEmpty();
  }

  private Future<JsonObject> attempt(long transactionId, boolean retryFailed, int staleRetries) {
    return request(PersistenceAddresses.BILLING_QUOTE, new JsonObject().put("transactionId", transactionId))
        .compose(json -> {
          SettlementQuote quote = SettlementQuote.fromJson(json);
          if (!quote.stopped()) {
            return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, BusFailure.CONFLICT,
                "transaction " + transactionId + " is " + quote.status() + ", not stopped"));
          }
          if (quote.settled() || !retryFailed && "BILLING_FAILED".equals(quote.status())) {
            return Future.succeededFuture(new JsonObject().put("transactionId", transactionId)
                .put("outcome", quote.settled() ? "ALREADY_SETTLED" : "RETRY_SCHEDULED")
                .put("status", quote.status()).put("amount", json.getString("amount"))
                .put("currency", json.getString("currency")));
          }
          if (quote.energyWh() == null) {
            return recordFailure(transactionId, "the stop carries no energy reading", false);
          }
          if (quote.energyWh().signum() < 0) {
            return recordFailure(transactionId, "negative energy " + quote.energyWh().toPlainString()
                + " Wh (meter stop below meter start)", true);
          }
          Tariff tariff = quote.tariff();
          if (tariff == null && quote.energyWh().signum() > 0) {
            return recordFailure(transactionId,
                "no tariff: neither the charger, its station nor a default tariff is set and active", false);
          }
          BigDecimal amount = TariffCalculator.sessionAmount(quote.energyWh(), tariff);
          JsonObject settle = new JsonObject()
              .put("transactionId", transactionId)
              .put("energyWh", quote.energyWh().toPlainString())
              .put("amount", amount.toPlainString())
              .put("currency", tariff == null ? options.defaultCurrency() : tariff.currency())
              .put("tariffId", tariff == null ? null : tariff.id())
              .put("status", quote.status())
              .put("retry", options.retryPolicy());
          return request(PersistenceAddresses.BILLING_SETTLE, settle);
        })
        .compose(reply -> {
          if (!"STALE".equals(reply.getString("outcome"))) {
            return Future.succeededFuture(reply);
          }
          return staleRetries > 0 ? attempt(transactionId, retryFailed, staleRetries - 1)
              : recordFailure(transactionId, "the transaction kept changing while it was being billed", false);
        })
        .recover(failure -> {
          if (isRefusal(failure)) {
            return Future.failedFuture(failure);
          }
          LOG.warn("Settlement of transaction {} failed: {}", transactionId, failure.getMessage());
          return recordFailure(transactionId, "settlement failed: " + failure.getMessage(), false);
        });
  }

  private Future<JsonObject> recordFailure(long transactionId, String error, boolean permanent) {
    return request(PersistenceAddresses.BILLING_RECORD_FAILURE, new JsonObject()
        .put("transactionId", transactionId).put("error", error).put("permanent", permanent)
        .put("retry", options.retryPolicy()));
  }

  /** Failures that say the request itself is wrong: answered as they are, never recorded as billing failures. */
  private static boolean isRefusal(Throwable failure) {
    int code = BusFailure.codeOf(failure);
    return code == BusFailure.NOT_FOUND || code == BusFailure.CONFLICT || code == BusFailure.INVALID;
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return LocalFirst.<JsonObject>request(vertx.eventBus(), address, body).map(Message::body);
  }
}
