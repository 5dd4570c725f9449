package io.csms.persistence;

import io.csms.bus.BusFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * A store that serves some of {@link io.csms.bus.PersistenceAddresses} on the event bus. The persistence
 * verticle registers each one at start and waits until every consumer is registered cluster-wide.
 */
public interface BusEndpoint {
  /** Registers this store's consumers; the verticle unregisters them when it stops. */
  List<MessageConsumer<?>> register(Vertx vertx);

  /** Work to finish before the pool closes (flushing a batch, cancelling timers). */
  default Future<Void> stop() {
    return Future.succeededFuture();
  }

  /**
   * Serves one address: the handler's reply is sent once its future succeeds (so after the commit). A
   * missing body reads as {@code {}}, one that is not a JSON object is refused. Failures are answered by
   * {@link #fail}.
   */
  static MessageConsumer<Object> serve(Vertx vertx, String address, Logger log,
      Function<BusRequest, Future<JsonObject>> handler) {
    return vertx.eventBus().consumer(address, message -> {
      Future<JsonObject> reply;
      try {
        Object body = message.body() == null ? new JsonObject() : message.body();
        if (!(body instanceof JsonObject object)) {
          throw RequestRefused.invalid("the body must be a JSON object");
        }
        reply = handler.apply(new BusRequest(object));
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      reply.onComplete(done -> {
        if (done.succeeded()) {
          message.reply(done.result());
        } else {
          fail(message, address, log, done.cause());
        }
      });
    });
  }

  /**
   * Answers a failed request. A {@link RequestRefused} answers with its code. What the database refuses as
   * data answers like the same fault found by a store: a duplicate (SQLSTATE 23505) or a delete that rows
   * still reference {@link BusFailure#CONFLICT}; a reference to a missing row, a value out of range or
   * against a CHECK (22xxx, other 23xxx) {@link BusFailure#INVALID}. No pooled connection within
   * {@code database.maxWaitSeconds} answers {@link BusFailure#BUSY}: nothing was sent to the database. Anything
   * else is logged here and
   * answers {@link BusFailure#INTERNAL} with a short reason, never a stack trace.
   */
  private static void fail(Message<Object> message, String address, Logger log, Throwable cause) {
    RequestRefused refused = cause instanceof RequestRefused r ? r
        : cause instanceof PgException pg ? refusedByDatabase(pg)
        : isConnectionWaitTimeout(cause) ? RequestRefused.busy(
            "the database is busy: no connection within database.maxWaitSeconds; nothing was written") : null;
    if (refused != null) {
      log.debug("{} refused: {}", address, refused.getMessage());
      message.fail(refused.code(), refused.getMessage());
    } else {
      log.error("{} failed", address, cause);
      message.fail(BusFailure.INTERNAL, "persistence failure on " + address);
    }
  }

  /**
   * Whether the pool gave up finding a connection ({@code PoolOptions.connectionTimeout}). Vert.x 5.0's SQL pool
   * has no type of its own for it: a statement on the pool fails with "Timeout waiting for connection", a
   * {@code getConnection()} (a database transaction) with a stackless "Timeout". DatabaseBusyTest pins both.
   */
  private static boolean isConnectionWaitTimeout(Throwable cause) {
    return cause instanceof VertxException && "Timeout waiting for connection".equals(cause.getMessage())
        || cause instanceof NoStackTraceThrowable && "Timeout".equals(cause.getMessage());
  }

  /** The refusal a database error amounts to, or null when it is a fault of ours. */
  private static RequestRefused refusedByDatabase(PgException pg) {
    String state = pg.getSqlState();
    if (state == null) {
      return null;
    }
    String constraint = pg.getConstraint() == null ? "" : " (" + pg.getConstraint() + ")";
    String detail = pg.getDetail() == null ? pg.getErrorMessage() : pg.getDetail();
    if (state.equals("23505")) {
      return RequestRefused.conflict("already exists" + constraint + ": " + detail);
    }
    if (state.equals("23503")) {
      return detail != null && detail.contains("still referenced")
          ? RequestRefused.conflict("still in use" + constraint + ": " + detail)
          : RequestRefused.invalid("refers to something that does not exist" + constraint + ": " + detail);
    }
    if (state.startsWith("22") || state.startsWith("23")) {
      return RequestRefused.invalid("value rejected by the database" + constraint + ": " + pg.getErrorMessage());
    }
    return null;
  }
}
