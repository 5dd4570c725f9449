package io.csms.billing.settlement;

import io.csms.billing.BillingOptions;
import io.csms.bus.PersistenceAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status-driven safety net: claims unsettled transactions (stopped ones nobody billed, failed ones
 * whose retry is due, completed ones whose energy changed) and settles them. Claims are leases taken
 * with {@code FOR UPDATE SKIP LOCKED}, so scanners on any number of verticles and nodes share the work
 * without overlap; the settle transaction's row lock is what finally makes each settlement happen once.
 * Scans of one instance run one after the other.
 */
public final class RetryScan {
  private static final Logger LOG = LoggerFactory.getLogger(RetryScan.class);
  private static final int BATCH = 32;
  private static final int USER_BATCH = 500;

  private final Vertx vertx;
  private final BillingOptions options;
  private final Settlement settlement;
  /** Claims this instance holds and has not settled yet: given back when it stops. */
  private final Set<Long> held = new HashSet<>();
  private Future<JsonObject> current = Future.succeededFuture(new JsonObject());
  private boolean stopping;

  public RetryScan(Vertx vertx, BillingOptions options, Settlement settlement) {
    this.vertx = vertx;
    this.options = options;
    this.settlement = settlement;
  }

  /** Runs a whole scan after the one in progress, if any; answers {@code {claimed, completed, failed}}. */
  public Future<JsonObject> scanNow() {
    Future<JsonObject> next = current.transform(previous -> scan());
    current = next;
    return next;
  }

  /** The periodic tick: skipped while a scan is still running. */
  public void scanIfIdle() {
    if (current.isComplete()) {
      scanNow().onFailure(failure -> LOG.warn("Billing retry scan failed: {}", failure.getMessage()));
    }
  }

  /** Retries one user's unsettled transactions now, oldest first (their wallet was just credited). */
  public Future<JsonObject> retryUser(long userId) {
    return claim(new JsonObject().put("limit", USER_BATCH).put("userId", userId))
        .compose(ids -> settleInOrder(ids, 0, new Tally(ids.size())))
        .compose(tally -> release().map(tally));
  }

  /**
   * Stops claiming, lets the running scan and every settlement in flight finish, then gives back whatever
   * is still claimed.
   */
  public Future<Void> stop() {
    stopping = true;
    return current.transform(done -> settlement.drain()).transform(done -> release());
  }

  private Future<JsonObject> scan() {
    return scanBatches(new Tally(0), new HashSet<>());
  }

  private Future<JsonObject> scanBatches(Tally tally, Set<Long> seen) {
    if (stopping) {
      return Future.succeededFuture(tally.toJson());
    }
    return claim(new JsonObject().put("limit", BATCH)).compose(ids -> {
      // Nothing left, or only what this scan already tried (it failed without being rescheduled).
      if (ids.isEmpty() || seen.containsAll(ids)) {
        return Future.succeededFuture(tally.toJson());
      }
      seen.addAll(ids);
      tally.claimed += ids.size();
      List<Future<JsonObject>> settled = new ArrayList<>();
      for (Long id : ids) {
        settled.add(settleClaimed(id, tally));
      }
      return Future.join(settled).transform(done -> release()).compose(released -> scanBatches(tally, seen));
    });
  }

  private Future<JsonObject> settleInOrder(List<Long> ids, int index, Tally tally) {
    if (index >= ids.size() || stopping) {
      return Future.succeededFuture(tally.toJson());
    }
    return settleClaimed(ids.get(index), tally).transform(done -> settleInOrder(ids, index + 1, tally));
  }

  private Future<JsonObject> settleClaimed(long id, Tally tally) {
    // A settlement that changed the transaction cleared its claim; the others are given back by release().
    return settlement.settle(id, true)
        .onSuccess(reply -> {
          if (tally.count(reply)) {
            held.remove(id);
          }
        })
        .onFailure(failure -> LOG.warn("Could not settle transaction {}: {}", id, failure.getMessage()));
  }

  private Future<List<Long>> claim(JsonObject request) {
    request.put("leaseSeconds", options.claimLeaseSeconds());
    return vertx.eventBus().<JsonObject>request(PersistenceAddresses.BILLING_CLAIM, request)
        .map(Message::body)
        .map(reply -> {
          List<Long> ids = new ArrayList<>();
          reply.getJsonArray("transactionIds").forEach(id -> ids.add(((Number) id).longValue()));
          held.addAll(ids);
          return ids;
        });
  }

  private Future<Void> release() {
    if (held.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonArray ids = new JsonArray(new ArrayList<>(held));
    held.clear();
    return vertx.eventBus().request(PersistenceAddresses.BILLING_RELEASE, new JsonObject().put("transactionIds", ids))
        .<Void>mapEmpty()
        .recover(failure -> {
          LOG.warn("Could not give back billing claims {}; they expire by themselves: {}", ids, failure.getMessage());
          return Future.succeededFuture();
        });
  }

  /** What one scan did. */
  private static final class Tally {
    int claimed;
    int completed;
    int failed;

    Tally(int claimed) {
      this.claimed = claimed;
    }

    /** Counts an outcome; true when the settlement changed the transaction. */
    boolean count(JsonObject reply) {
      switch (reply.getString("outcome")) {
        case "COMPLETED" -> completed++;
        case "BILLING_FAILED", "FAILED" -> failed++;
        default -> {
          return false;
        }
      }
      return true;
    }

    JsonObject toJson() {
      return new JsonObject().put("claimed", claimed).put("completed", completed).put("failed", failed);
    }
  }
}
