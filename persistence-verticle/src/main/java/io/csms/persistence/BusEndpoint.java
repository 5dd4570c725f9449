package io.csms.persistence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;

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
}
