package io.csms.persistence.metering;

import io.csms.persistence.BatchQueue;
import io.csms.persistence.RequestRefused;
import io.csms.persistence.metering.MeterSamples.Report;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit for MeterValues, the busiest write: reports that arrive while the database is busy with earlier
 * ones are written together, with one statement and one commit, and each is answered only after that commit.
 *
 * <p>At most {@value #IN_FLIGHT} statements run at once; everything queued behind them (up to
 * {@value #MAX_REPORTS} reports) goes in the next one, and a report that waited longer than {@code maxWait} for
 * its statement is refused with BUSY, not written ({@link BatchQueue}). A batch the database refuses is written
 * again one report at a time, so that only the report at fault fails (a value the database rejects, a deadlock)
 * and the others are stored. Reports first gather for {@code window} (persistence.meterValuesWindowMillis), so that
 * a busy node writes fewer, bigger statements ({@link BatchQueue}).
 *
 * <p>Not thread-safe: used from the persistence verticle's event loop only.
 */
final class MeterValueWriter {
  static final int IN_FLIGHT = 2;
  static final int MAX_REPORTS = 256;

  private record Queued(Report report, Promise<Boolean> stored, long queuedAtNanos) implements BatchQueue.Entry {
    @Override
    public void refuse(RequestRefused busy) {
      stored.fail(busy);
    }
  }

  private final Pool pool;
  private final BatchQueue<Queued> queue;

  MeterValueWriter(Vertx vertx, Pool pool, Duration window, Duration maxWait) {
    this.pool = pool;
    this.queue = new BatchQueue<>(vertx, window, IN_FLIGHT, MAX_REPORTS, maxWait, "the report", this::write);
  }

  /** Writes what is gathering at once; completes when every report taken so far is written or refused. */
  Future<Void> finish() {
    return queue.finish();
  }

  /** Completes with whether the report was stored (false: its charge point is unknown) once it is committed. */
  Future<Boolean> write(Report report) {
    Promise<Boolean> stored = Promise.promise();
    queue.add(new Queued(report, stored, System.nanoTime()));
    return stored.future();
  }

  private Future<Void> write(List<Queued> batch) {
    List<Report> reports = new ArrayList<>(batch.size());
    for (Queued queued : batch) {
      reports.add(queued.report());
    }
    return MeterSamples.insert(pool, reports).<Void>map(stored -> {
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).stored().complete(stored[i]);
      }
      return null;
    }).recover(failure -> {
      if (batch.size() == 1) {
        batch.get(0).stored().fail(failure);
        return Future.succeededFuture();
      }
      List<Future<Void>> alone = new ArrayList<>(batch.size());
      for (Queued queued : batch) {
        alone.add(write(List.of(queued)));
      }
      return Future.join(alone).mapEmpty();
    });
  }
}
