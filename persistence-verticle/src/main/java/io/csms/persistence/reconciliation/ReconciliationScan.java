package io.csms.persistence.reconciliation;

import io.csms.persistence.BusEndpoint;
import io.csms.persistence.transaction.TransactionEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciliation deadline: every {@code persistence.reconciliationScanSeconds} (0 turns the scan off),
 * transactions PENDING_RECONCILIATION for longer than {@code persistence.reconciliationDeadlineMinutes} are
 * closed with their last known meter value (see {@link ReconciledStop}) and
 * {@link io.csms.bus.EventAddresses#TRANSACTION_STOPPED} is published for each. Every node may scan at the
 * same time: rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so no session is closed twice.
 */
public final class ReconciliationScan implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ReconciliationScan.class);

  private final Pool pool;
  private final Duration deadline;
  private final long periodMillis;
  private final TransactionEvents events;
  private final Vertx vertx;
  private long timerId = -1;
  private boolean scanning;

  public ReconciliationScan(Vertx vertx, Pool pool, Duration deadline, Duration period) {
    this.vertx = vertx;
    this.pool = pool;
    this.deadline = deadline;
    this.periodMillis = period.toMillis();
    this.events = new TransactionEvents(vertx);
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    if (periodMillis > 0) {
      timerId = vertx.setPeriodic(periodMillis, id -> scanOnSchedule());
    }
    return List.of();
  }

  private void scanOnSchedule() {
    if (scanning) {
      return; // the previous scan is still running (slow database); skip this tick
    }
    scanning = true;
    scan(OffsetDateTime.now(ZoneOffset.UTC))
        .onSuccess(closed -> {
          if (!closed.isEmpty()) {
            LOG.info("Reconciliation deadline closed {} transaction(s)", closed.size());
          }
        })
        .onFailure(e -> LOG.warn("Reconciliation scan failed: {}", e.getMessage()))
        .onComplete(done -> scanning = false);
  }

  /**
   * One scan as of {@code now}: closes every transaction PENDING_RECONCILIATION since {@code now - deadline}
   * or earlier, publishes their stops once committed and returns them.
   */
  public Future<List<ReconciledStop.Closed>> scan(OffsetDateTime now) {
    return scanFrom(now.minus(deadline), new ArrayList<>());
  }

  private Future<List<ReconciledStop.Closed>> scanFrom(OffsetDateTime pendingSince, List<ReconciledStop.Closed> all) {
    // One statement per batch: it commits on its own, so the events go out right after it.
    return ReconciledStop.overdue(pool, pendingSince).compose(closed -> {
      closed.forEach(c -> events.stopped(c.transactionId(), c.chargePointId()));
      all.addAll(closed);
      return closed.size() < ReconciledStop.SCAN_BATCH ? Future.succeededFuture(all) : scanFrom(pendingSince, all);
    });
  }

  @Override
  public Future<Void> stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    return Future.succeededFuture();
  }
}
