package io.csms.persistence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.function.Function;

/**
 * A database transaction whose BEGIN travels with its first statement. {@link Pool#withTransaction} waits for
 * BEGIN's answer before it sends the first statement: one round trip more, and under load each round trip holds
 * a pooled connection for milliseconds (docs/benchmarks.md). The connection sends its commands in order, so the
 * work's statements still run inside the transaction. Otherwise the same contract: committed when the work
 * succeeds, rolled back when it fails (the work's failure is what the caller sees), the connection returned to
 * the pool either way. Used on the paths that answer a charge point.
 *
 * <p>The work may pipeline its own statements too (send the next before the previous one answered) when the
 * next does not need the previous one's result: they run in order, and once one fails the transaction is
 * aborted, so those behind it fail as well; the work should report the first failure.
 */
public final class PipelinedTransaction {
  private PipelinedTransaction() {
  }

  public static <T> Future<T> run(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.getConnection().compose(conn -> {
      Future<Transaction> begun = conn.begin();
      Future<T> done;
      try {
        done = work.apply(conn);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      Future<T> result = done;
      return begun
          .compose(tx -> result.compose(value -> tx.commit().map(value),
              failure -> tx.rollback().transform(rolledBack -> Future.<T>failedFuture(failure))))
          .eventually(conn::close);
    });
  }
}
