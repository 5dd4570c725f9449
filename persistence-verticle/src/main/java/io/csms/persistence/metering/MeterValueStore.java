package io.csms.persistence.metering;

import io.csms.bus.PersistenceAddresses;
import io.csms.persistence.BusEndpoint;
import io.csms.persistence.BusRequest;
import io.csms.persistence.DatabaseUrl;
import io.csms.persistence.RequestRefused;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PersistenceAddresses#METER_VALUES}, the busiest address: every sampledValue becomes a row, written
 * with one statement (all or nothing per request); requests that arrive while the database is busy share a
 * statement and a commit ({@link MeterValueWriter}).
 * Rows, defaults and the normalisation rule (energy in Wh, power in W, the rest as reported) are described in
 * {@link MeterSamples} and docs/metering.md. A transactionId that is not this charger's is
 * not linked: the samples are still kept, against the charger and connector only.
 */
public final class MeterValueStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(MeterValueStore.class);

  private final MeterValueWriter writer;

  /**
   * The connections MeterValues are written on: one per statement in flight, each planning the statement once.
   * PostgreSQL's default plan cache mode re-planned it for every batch (the arrays' lengths change, so a plan
   * for those lengths always looked cheaper than the generic one): a fifth of the database's CPU under load.
   * The generic plan is the same index lookups.
   */
  public static Pool pool(Vertx vertx, DatabaseUrl url) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(MeterValueWriter.IN_FLIGHT).setName("meter-values"))
        .connectingTo(url.connectOptions().addProperty("plan_cache_mode", "force_generic_plan"))
        .using(vertx)
        .build();
  }

  /**
   * {@code pool}: from {@link #pool(Vertx, DatabaseUrl)}; {@code window}: how long reports gather before they
   * are written together ({@code persistence.meterValuesWindowMillis}); {@code maxWait}: a report that waited
   * longer for its statement is refused with BUSY instead of written ({@code database.maxWaitSeconds}).
   * Use it on {@code vertx}'s event loop only.
   */
  public MeterValueStore(Vertx vertx, Pool pool, Duration window, Duration maxWait) {
    this.writer = new MeterValueWriter(vertx, pool, window, maxWait);
  }

  /** Writes the reports still gathering at once and waits for them, so that a stopping node answers each one. */
  @Override
  public Future<Void> stop() {
    return writer.finish();
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(BusEndpoint.serve(vertx, PersistenceAddresses.METER_VALUES, LOG, this::record));
  }

  Future<JsonObject> record(BusRequest request) {
    String chargePointId = request.text("chargePointId");
    int connectorId = request.integer("connectorId", 0);
    Long transactionId = request.optionalWholeNumber("transactionId");
    List<MeterSamples.Sample> samples = MeterSamples.parse("meterValue", request.array("meterValue"));
    if (samples.isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("stored", 0));
    }
    return writer.write(new MeterSamples.Report(chargePointId, connectorId, transactionId, samples))
        .map(stored -> {
          if (!stored) {
            throw RequestRefused.unknownChargePoint(chargePointId);
          }
          return new JsonObject().put("stored", samples.size());
        });
  }
}
