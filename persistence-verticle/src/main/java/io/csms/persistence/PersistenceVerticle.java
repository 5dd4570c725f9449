package io.csms.persistence;

import io.csms.bus.HandedOverJson;
import io.csms.persistence.admin.ChargerAdminStore;
import io.csms.persistence.admin.DatabasePing;
import io.csms.persistence.admin.StationAdminStore;
import io.csms.persistence.admin.TariffAdminStore;
import io.csms.persistence.admin.TransactionAdminStore;
import io.csms.persistence.admin.UserAdminStore;
import io.csms.persistence.audit.AuditLog;
import io.csms.persistence.authorization.IdTagDirectory;
import io.csms.persistence.billing.BillingStore;
import io.csms.persistence.charger.ChargerStore;
import io.csms.persistence.demo.DemoSeed;
import io.csms.persistence.firmware.DiagnosticsStore;
import io.csms.persistence.firmware.FirmwareStore;
import io.csms.persistence.localauth.LocalAuthListStore;
import io.csms.persistence.metering.MeterValueStore;
import io.csms.persistence.reconciliation.ReconciliationScan;
import io.csms.persistence.reservation.ReservationStore;
import io.csms.persistence.smartcharging.ChargingProfileStore;
import io.csms.persistence.transaction.TransactionStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Owns the PostgreSQL pool, the schema and all SQL. Starts by migrating the schema, then registers every
 * store on the event bus; {@code start()} completes once all of them can be reached.
 */
public class PersistenceVerticle extends VerticleBase {
  private Pool pool;
  private Pool meterValuePool;
  private Pool groupCommitPool;
  private final List<BusEndpoint> endpoints = new ArrayList<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  @Override
  public Future<?> start() {
    PersistenceOptions options = new PersistenceOptions(config());
    HandedOverJson.register(vertx); // OCPP requests arrive with it, possibly from another node
    return SchemaMigration.migrate(vertx, options.databaseUrl()).compose(applied -> {
      pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(options.poolSize())
              .setConnectionTimeout(options.maxWaitSeconds()).setConnectionTimeoutUnit(TimeUnit.SECONDS))
          .connectingTo(options.databaseUrl().connectOptions())
          .using(vertx)
          .build();
      meterValuePool = MeterValueStore.pool(vertx, options.databaseUrl());
      groupCommitPool = GroupCommit.pool(vertx, options.databaseUrl());
      return ServerSettingsCheck.warnings(pool);
    }).compose(checked -> options.demo() ? DemoSeed.seed(pool) : Future.succeededFuture()).compose(seeded -> {
      endpoints.addAll(endpoints(options));
      for (BusEndpoint endpoint : endpoints) {
        consumers.addAll(endpoint.register(vertx));
      }
      return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    });
  }

  /** Every store this verticle serves. Add a new store here. */
  private List<BusEndpoint> endpoints(PersistenceOptions options) {
    Duration maxWait = Duration.ofSeconds(options.maxWaitSeconds());
    return List.of(
        new ChargerStore(vertx, pool, new GroupCommit(vertx, groupCommitPool,
            Duration.ofMillis(options.sharedCommitWindowMillis()), maxWait)),
        new IdTagDirectory(pool),
        new TransactionStore(vertx, pool),
        new MeterValueStore(vertx, meterValuePool, Duration.ofMillis(options.meterValuesWindowMillis()), maxWait),
        new AuditLog(pool, options.auditFlushMillis(), options.auditBatchSize()),
        new ReconciliationScan(vertx, pool, Duration.ofMinutes(options.reconciliationDeadlineMinutes()),
            Duration.ofSeconds(options.reconciliationScanSeconds())),
        new BillingStore(pool),
        new DatabasePing(pool),
        new StationAdminStore(pool),
        new ChargerAdminStore(pool),
        new TariffAdminStore(pool),
        new TransactionAdminStore(pool),
        new UserAdminStore(pool),
        new ReservationStore(vertx, pool),
        new LocalAuthListStore(pool),
        new ChargingProfileStore(pool),
        new FirmwareStore(pool),
        new DiagnosticsStore(pool));
  }

  @Override
  public Future<?> stop() {
    // Consumers first, so that nothing new is buffered while the stores flush.
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList())
        .eventually(() -> Future.join(endpoints.stream().map(BusEndpoint::stop).toList()))
        .eventually(() -> meterValuePool == null ? Future.succeededFuture() : meterValuePool.close())
        .eventually(() -> groupCommitPool == null ? Future.succeededFuture() : groupCommitPool.close())
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
