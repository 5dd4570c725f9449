package io.csms.persistence;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Short writes of different requests committed together: the work of every request queued while earlier
 * batches are being committed runs in one database transaction, its statements pipelined on one connection, and
 * each request is answered only after that commit. For the frequent one-row writes (Heartbeat,
 * StatusNotification) the commit, not the statement, is the cost: one row a transaction, PostgreSQL on two cores
 * commits about 6,500 a second; ten rows a transaction, 37,000 (docs/benchmarks.md).
 *
 * <p>At most {@value #IN_FLIGHT} batches are committed at once and a batch holds at most {@value #MAX_WORKS}
 * works, so a quiet node commits each at once and a busy one commits bigger batches ({@link BatchQueue}). With a
 * gathering window (persistence.sharedCommitWindowMillis) works first wait for others to join them: at 3,000
 * CALLs/s the node made a quarter fewer explicit commits (docs/benchmarks.md, fifteenth session). When a batch
 * fails (one work's statement refused, a deadlock) it is rolled back and every work in it runs again alone, in a
 * transaction of its own, so that only the work at fault fails. A work is therefore run at most twice and
 * must not have effects outside the database before its commit. A work that waited longer than {@code maxWait}
 * for its batch is refused with BUSY, not run (see {@code database.maxWaitSeconds}). The batches have connections
 * of their own ({@link #pool}), one per batch in flight, so that a batch never queues for a connection behind
 * other requests: a work waits for the batches ahead of it and no longer, and under overload it is refused within
 * {@code maxWait} instead of waiting for a batch that waits in turn (heartbeats batched on the shared pool timed
 * out that way in the sixth session, docs/benchmarks.md).
 *
 * <p>Works share a transaction, so a work should fail only on what must undo its own writes (a refusal found
 * after the commit, such as an unknown charge point whose update found no row, belongs in the caller's
 * {@code map}, where it costs the others nothing). Not thread-safe: used from the persistence verticle's event
 * loop only.
 */
public final class GroupCommit {
  static final int IN_FLIGHT = 2;
  static final int MAX_WORKS = 64;

  private final Pool pool;
  private final BatchQueue<Queued<?>> queue;

  /** One request's work, and how its caller learns the outcome. */
  private record Queued<T>(Function<SqlConnection, Future<T>> work, Promise<T> done, long queuedAtNanos)
      implements BatchQueue.Entry {

    /** Runs the work on {@code conn}; succeeds with what answers its caller, to be called once committed. */
    Future<Runnable> start(SqlConnection conn) {
      Future<T> result;
      try {
        result = work.apply(conn);
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      return result.map(value -> () -> done.complete(value));
    }

    @Override
    public void refuse(RequestRefused busy) {
      done.fail(busy);
    }
  }

  /** The connections batches are committed on: one per batch in flight. */
  public static Pool pool(Vertx vertx, DatabaseUrl url) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(IN_FLIGHT).setName("group-commit"))
        .connectingTo(url.connectOptions())
        .using(vertx)
        .build();
  }

  /**
   * {@code pool}: from {@link #pool(Vertx, DatabaseUrl)}; {@code window}: how long works gather before they are
   * committed together (zero: none; see {@link BatchQueue}), timed on {@code vertx}, the caller's own.
   */
  public GroupCommit(Vertx vertx, Pool pool, Duration window, Duration maxWait) {
    this.pool = pool;
    this.queue = new BatchQueue<>(vertx, window, IN_FLIGHT, MAX_WORKS, maxWait, "the request", this::commit);
  }

  /** Commits what is gathering at once; completes when every work taken so far is committed or refused. */
  public Future<Void> finish() {
    return queue.finish();
  }

  /**
   * Runs {@code work} in a transaction shared with other requests' works; completes with its result once that
   * transaction committed, or with its failure once it was rolled back.
   */
  public <T> Future<T> run(Function<SqlConnection, Future<T>> work) {
    Promise<T> done = Promise.promise();
    queue.add(new Queued<>(work, done, System.nanoTime()));
    return done.future();
  }

  private Future<Void> commit(List<Queued<?>> batch) {
    if (batch.size() == 1) {
      return alone(batch.get(0));
    }
    return PipelinedTransaction.run(pool, conn -> {
      List<Future<Runnable>> started = new ArrayList<>(batch.size());
      for (Queued<?> queued : batch) {
        started.add(queued.start(conn));
      }
      return Future.all(started).map(all -> started);
    }).<Void>map(committed -> {
      committed.forEach(answer -> answer.result().run());
      return null;
    }).recover(failure -> {
      List<Future<Void>> each = new ArrayList<>(batch.size());
      for (Queued<?> queued : batch) {
        each.add(alone(queued));
      }
      return Future.join(each).mapEmpty();
    });
  }

  private Future<Void> alone(Queued<?> queued) {
    return PipelinedTransaction.run(pool, queued::start).transform(outcome -> {
      if (outcome.succeeded()) {
        outcome.result().run();
      } else {
        queued.done().fail(outcome.cause());
      }
      return Future.succeededFuture();
    });
  }
}
