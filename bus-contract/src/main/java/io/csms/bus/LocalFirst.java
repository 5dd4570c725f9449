package io.csms.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Requests served by a verticle that may run on this node and on others (the stores): this node's consumer
 * when there is one, else any node's. A clustered event bus otherwise spreads requests over every node's
 * consumers, including those of a node that has just died and is not yet out of the cluster; asking the
 * local one first keeps a node that holds its own stores working through such a failover, and saves the
 * network hop on every request.
 */
public final class LocalFirst {
  private LocalFirst() {
  }

  public static <T> Future<Message<T>> request(EventBus bus, String address, Object body, DeliveryOptions options) {
    DeliveryOptions local = new DeliveryOptions(options).setLocalOnly(true);
    return bus.<T>request(address, body, local).recover(failure -> noLocalConsumer(failure)
        ? bus.<T>request(address, body, options)
        : Future.failedFuture(failure));
  }

  public static <T> Future<Message<T>> request(EventBus bus, String address, Object body) {
    return request(bus, address, body, new DeliveryOptions());
  }

  private static boolean noLocalConsumer(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
