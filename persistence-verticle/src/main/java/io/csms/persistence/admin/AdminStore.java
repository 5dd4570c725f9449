package io.csms.persistence.admin;

import io.csms.bus.BusFailure;
import io.csms.persistence.BusEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the management API's stores: each store declares its addresses with {@link #on}, and every
 * failure is answered with one of {@link BusFailure}'s codes (database refusals translated, anything
 * unexpected logged here and answered INTERNAL without its details).
 */
abstract class AdminStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(AdminStore.class);

  protected final Pool pool;
  private final Map<String, Function<JsonObject, Future<JsonObject>>> handlers = new LinkedHashMap<>();

  AdminStore(Pool pool) {
    this.pool = pool;
  }

  protected void on(String address, Function<JsonObject, Future<JsonObject>> handler) {
    handlers.put(address, handler);
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    List<MessageConsumer<?>> consumers = new ArrayList<>();
    handlers.forEach((address, handler) -> consumers.add(vertx.eventBus().<JsonObject>consumer(address, message -> {
      JsonObject body = message.body() == null ? new JsonObject() : message.body();
      Future<JsonObject> result;
      try {
        result = handler.apply(body);
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onSuccess(message::reply).onFailure(e -> {
        StoreFailure failure = translate(address, e);
        message.fail(failure.code(), failure.getMessage());
      });
    })));
    return consumers;
  }

  private static StoreFailure translate(String address, Throwable e) {
    if (e instanceof StoreFailure failure) {
      return failure;
    }
    if (e instanceof IllegalArgumentException || e instanceof ClassCastException
        || e instanceof java.time.format.DateTimeParseException || e instanceof NumberFormatException) {
      return StoreFailure.invalid(e.getMessage() == null ? "invalid request" : e.getMessage());
    }
    if (e instanceof PgException pg && pg.getSqlState() != null) {
      String state = pg.getSqlState();
      String constraint = pg.getConstraint() == null ? "" : " (" + pg.getConstraint() + ")";
      if (state.equals("23505")) {
        return new StoreFailure(BusFailure.CONFLICT, "Already exists" + constraint + ": " + safe(pg.getDetail()));
      }
      if (state.equals("23503")) {
        boolean stillReferenced = pg.getDetail() != null && pg.getDetail().contains("still referenced");
        return stillReferenced
            ? new StoreFailure(BusFailure.CONFLICT, "Still in use: " + safe(pg.getDetail()))
            : StoreFailure.invalid("Refers to something that does not exist: " + safe(pg.getDetail()));
      }
      if (state.startsWith("22") || state.startsWith("23")) {
        return StoreFailure.invalid("Refused by the database" + constraint + ": " + pg.getErrorMessage());
      }
    }
    LOG.error("{} failed", address, e);
    return new StoreFailure(BusFailure.INTERNAL, "internal error");
  }

  private static String safe(String detail) {
    return detail == null ? "" : detail;
  }
}
