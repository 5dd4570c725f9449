package io.csms.persistence;

import io.csms.bus.BusFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
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
   * {@link RequestRefused} answers with its code; a body that is not a JSON object, or a value the database
   * refuses as data (SQLSTATE 22xxx, a CHECK constraint), answers {@link BusFailure#INVALID}; anything else
   * is logged here and answers {@link BusFailure#INTERNAL} with a short reason, never a stack trace.
   */
  static MessageConsumer<Object> serve(Vertx vertx, String address, Logger log,
      Function<BusRequest, Future<JsonObject>> handler) {
    return vertx.eventBus().consumer(address, message -> {
      Future<JsonObject> reply;
      try {
        if (!(message.body() instanceof JsonObject body)) {
          throw RequestRefused.invalid("the body must be a JSON object");
        }
        reply = handler.apply(new BusRequest(body));
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

  private static void fail(Message<Object> message, String address, Logger log, Throwable cause) {
    if (cause instanceof RequestRefused refused) {
      log.debug("{} refused: {}", address, refused.getMessage());
      message.fail(refused.code(), refused.getMessage());
    } else if (cause instanceof PgException pg && pg.getSqlState() != null
        && (pg.getSqlState().startsWith("22") || pg.getSqlState().equals("23514"))) {
      log.debug("{} rejected by the database: {}", address, pg.getMessage());
      message.fail(BusFailure.INVALID, "value rejected by the database: " + pg.getErrorMessage());
    } else {
      log.error("{} failed", address, cause);
      message.fail(BusFailure.INTERNAL, "persistence failure on " + address);
    }
  }
}
