package io.csms.persistence.metering;

import io.csms.persistence.RequestRefused;
import io.csms.persistence.metering.MeterSamples.Report;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit for MeterValues, the busiest write: reports that arrive while the database is busy with earlier
 * ones are written together, with one statement and one commit, and each is answered only after that commit.
 *
 * <p>At most {@value #IN_FLIGHT} statements run at once; everything queued behind them (up to
 * {@value #MAX_REPORTS} reports) goes in the next one. So a quiet node writes each report at once, and a busy
 * one writes bigger batches instead of queueing more statements: the batch size follows the load, and no report
 * waits for more than the statements ahead of it. A batch the database refuses is written again one report at a
 * time, so that only the report at fault fails (a value the database rejects, a deadlock) and the others are
 * stored. A report that waited longer than {@code maxWait} for its statement is refused with BUSY, not written:
 * under overload its charge point has been answered with an error already (see {@code database.maxWaitSeconds}).
 *
 * <p>Not thread-safe: used from the persistence verticle's event loop only.
 */
final class MeterValueWriter {
  static final int IN_FLIGHT = 2;
  static final int MAX_REPORTS = 256;

  private record Queued(Report report, Promise<Boolean> stored, long queuedAtNanos) {
  }

  private final Pool pool;
  private final long maxWaitNanos;
  private final String waitedTooLong;
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private int inFlight;

  MeterValueWriter(Pool pool, Duration maxWait) {
    this.pool = pool;
    this.maxWaitNanos = maxWait.toNanos();
    this.waitedTooLong = "the database is busy: the report waited longer than " + maxWait.toSeconds()
        + " s for its turn; nothing was written";
  }

  /** Completes with whether the report was stored (false: its charge point is unknown) once it is committed. */
  Future<Boolean> write(Report report) {
    Promise<Boolean> stored = Promise.promise();
    queue.add(new Queued(report, stored, System.nanoTime()));
    drain();
    return stored.future();
  }

  private void drain() {
    while (inFlight < IN_FLIGHT && !queue.isEmpty()) {
      List<Queued> batch = new ArrayList<>(Math.min(queue.size(), MAX_REPORTS));
      long now = System.nanoTime();
      while (batch.size() < MAX_REPORTS && !queue.isEmpty()) {
        Queued next = queue.poll();
        if (now - next.queuedAtNanos() > maxWaitNanos) {
          next.stored().fail(RequestRefused.busy(waitedTooLong));
        } else {
          batch.add(next);
        }
      }
      if (batch.isEmpty()) {
        continue;
      }
      inFlight++;
      write(batch).onComplete(done -> {
        inFlight--;
        drain();
      });
    }
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
