package io.csms.persistence.admin;

import io.csms.bus.AdminStoreAddresses;
import io.csms.bus.BusFailure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/** {@link AdminStoreAddresses#PING}: the health check's proof that the database answers. */
public final class DatabasePing extends AdminStore {
  public DatabasePing(Pool pool) {
    super(pool);
    on(AdminStoreAddresses.PING, request -> pool.query("SELECT 1").execute()
        .<JsonObject>map(rows -> new JsonObject())
        .recover(e -> Future.failedFuture(new StoreFailure(BusFailure.UNAVAILABLE, "database: " + e.getMessage()))));
  }
}
