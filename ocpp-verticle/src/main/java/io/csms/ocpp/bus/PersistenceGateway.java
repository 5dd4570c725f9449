package io.csms.ocpp.bus;

import io.csms.bus.LocalFirst;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Requests to {@link io.csms.bus.PersistenceAddresses}, each bounded by the store time-out, to this node's
 * persistence verticle when it runs one ({@link LocalFirst}).
 */
public final class PersistenceGateway {
  private final EventBus bus;
  private final DeliveryOptions options;

  public PersistenceGateway(EventBus bus, long timeoutMillis) {
    this.bus = bus;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  /** The store's reply body; fails with the store's {@link io.vertx.core.eventbus.ReplyException}. */
  public Future<JsonObject> request(String address, JsonObject body) {
    return LocalFirst.<JsonObject>request(bus, address, body, options).map(reply -> {
      JsonObject answer = reply.body();
      return answer == null ? new JsonObject() : answer;
    });
  }
}
