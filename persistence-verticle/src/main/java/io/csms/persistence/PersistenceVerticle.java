package io.csms.persistence;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns the PostgreSQL pool, the schema and all SQL. Starts by migrating the schema, then registers every
 * store on the event bus; {@code start()} completes once all of them can be reached.
 */
public class PersistenceVerticle extends VerticleBase {
  private Pool pool;
  private final List<BusEndpoint> endpoints = new ArrayList<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  @Override
  public Future<?> start() {
    PersistenceOptions options = new PersistenceOptions(config());
    return SchemaMigration.migrate(vertx, options.databaseUrl()).compose(applied -> {
      pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(options.poolSize()))
          .connectingTo(options.databaseUrl().connectOptions())
          .using(vertx)
          .build();
      endpoints.addAll(endpoints(options));
      for (BusEndpoint endpoint : endpoints) {
        consumers.addAll(endpoint.register(vertx));
      }
      return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    });
  }

  /** Every store this verticle serves. Add a new store here. */
  private List<BusEndpoint> endpoints(PersistenceOptions options) {
    return List.of(
        new io.csms.persistence.admin.DatabasePing(pool),
        new io.csms.persistence.admin.StationAdminStore(pool),
        new io.csms.persistence.admin.ChargerAdminStore(pool),
        new io.csms.persistence.admin.TariffAdminStore(pool),
        new io.csms.persistence.admin.TransactionAdminStore(pool),
        new io.csms.persistence.admin.UserAdminStore(pool));
  }

  @Override
  public Future<?> stop() {
    return Future.join(endpoints.stream().map(BusEndpoint::stop).toList())
        .eventually(() -> Future.join(consumers.stream().map(MessageConsumer::unregister).toList()))
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
