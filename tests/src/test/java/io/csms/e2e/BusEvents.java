package io.csms.e2e;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;

/** Waiting for a published event instead of polling: subscribe BEFORE the action that causes it. */
final class BusEvents {
  private BusEvents() {
  }

  /** Completes with the first event on {@code address} that {@code wanted} accepts; registered on return. */
  static Future<JsonObject> next(Vertx vertx, String address, Predicate<JsonObject> wanted) {
    Promise<JsonObject> seen = Promise.promise();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address);
    consumer.handler(message -> {
      if (wanted.test(message.body()) && seen.tryComplete(message.body())) {
        consumer.unregister();
      }
    });
    Await.result(consumer.completion());
    return seen.future();
  }
}
