package io.csms.persistence.metering;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit for MeterValues, the busiest write: requests that arrive while {@value #MAX_IN_FLIGHT}
 * transactions are already running wait, and are then written together, up to {@value #MAX_BATCH} in one
 * database transaction (one commit instead of one each). A lone request is written as before, in its own
 * implicit transaction, so a quiet system sees no extra round trip. Each request's future completes only
 * once its rows are committed. If a shared transaction fails (one request's value refused by the database,
 * a deadlock), each of its requests is written again alone, so that only the faulty one fails.
 *
 * <p>Ordering: a charge point has one CALL outstanding, so two MeterValues of one charger are never in
 * flight together. Used on the persistence verticle's event loop only.
 */
final class MeterValueCommits {
  static final int MAX_IN_FLIGHT = 4;
  static final int MAX_BATCH = 64;

  private record Pending(String chargePointId, int connectorId, Long transactionId,
                         List<MeterSamples.Sample> samples, Promise<Integer> stored) {
  }

  private final Pool pool;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private int inFlight;

  MeterValueCommits(Pool pool) {
    this.pool = pool;
  }

  /** The number of rows stored (0 when the charge point is not registered), once committed. */
  Future<Integer> insert(String chargePointId, int connectorId, Long transactionId,
                         List<MeterSamples.Sample> samples) {
    Promise<Integer> stored = Promise.promise();
    waiting.add(new Pending(chargePointId, connectorId, transactionId, samples, stored));
    drain();
    return stored.future();
  }

  private void drain() {
    while (inFlight < MAX_IN_FLIGHT && !waiting.isEmpty()) {
      List<Pending> batch = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
      while (batch.size() < MAX_BATCH && !waiting.isEmpty()) {
        batch.add(waiting.poll());
      }
      inFlight++;
      write(batch).onComplete(done -> {
        inFlight--;
        drain();
      });
    }
  }

  private Future<Void> write(List<Pending> batch) {
    if (batch.size() == 1) {
      return alone(batch.get(0));
    }
    List<Integer> counts = new ArrayList<>(batch.size());
    return pool.withTransaction(conn -> {
      List<Future<Integer>> inserts = new ArrayList<>(batch.size());
      for (Pending p : batch) {
        inserts.add(MeterSamples.insert(conn, p.chargePointId(), p.connectorId(), p.transactionId(), p.samples(), true));
      }
      return Future.all(inserts).map(all -> {
        inserts.forEach(insert -> counts.add(insert.result()));
        return null;
      });
    }).transform(committed -> {
      if (committed.succeeded()) {
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).stored().complete(counts.get(i));
        }
        return Future.<Void>succeededFuture();
      }
      // Rolled back: nothing of the batch is stored; each request gets its own chance.
      return Future.join(batch.stream().map(this::alone).toList()).<Void>mapEmpty();
    });
  }

  private Future<Void> alone(Pending p) {
    return MeterSamples.insert(pool, p.chargePointId(), p.connectorId(), p.transactionId(), p.samples(), true)
        .onComplete(p.stored())
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }
}
