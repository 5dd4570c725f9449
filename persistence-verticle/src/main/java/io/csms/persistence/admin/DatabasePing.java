package io.csms.persistence.admin;

import io.csms.bus.AdminStoreAddresses;
import io.csms.persistence.BusEndpoint;
import io.csms.persistence.RequestRefused;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link AdminStoreAddresses#PING}: the health check's proof that the database answers. */
public final class DatabasePing implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(DatabasePing.class);

  private final Pool pool;

  public DatabasePing(Pool pool) {
    this.pool = pool;
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(BusEndpoint.serve(vertx, AdminStoreAddresses.PING, LOG, request -> pool.query("SELECT 1").execute()
        .<JsonObject>map(rows -> new JsonObject())
        .recover(e -> Future.failedFuture(RequestRefused.unavailable("database: " + e.getMessage())))));
  }
}
