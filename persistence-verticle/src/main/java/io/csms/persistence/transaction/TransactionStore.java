package io.csms.persistence.transaction;

import io.csms.bus.PersistenceAddresses;
import io.csms.persistence.BusEndpoint;
import io.csms.persistence.BusRequest;
import io.csms.persistence.PipelinedTransaction;
import io.csms.persistence.RequestRefused;
import io.csms.persistence.metering.MeterSamples;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StartTransaction and StopTransaction ({@link PersistenceAddresses#TRANSACTION_START},
 * {@link PersistenceAddresses#TRANSACTION_STOP}). The transaction id given to the charger is the row's id.
 *
 * <p>Start: a retried StartTransaction (same charger, connector, idTag, meterStart and timestamp) is the same
 * session, on any node and even when both copies arrive at once: the unique constraint
 * {@code charging_transactions_start_once} decides, and the copy that loses reads the winner's id
 * ({@code duplicate=true}). A new session on a connector means the charger has finished with any older
 * session still RUNNING there (its StopTransaction is late or lost): that older session becomes
 * PENDING_RECONCILIATION, so a StopTransaction still arriving completes it with the charger's values and
 * otherwise the reconciliation deadline closes it with its last meter value. It is never failed.
 *
 * <p>Stop: one database transaction locks the row, records the stop and its transactionData, in three round
 * trips (the lock and the stop together, the samples, the commit). Outcomes:
 * STOPPED (it was RUNNING or PENDING_RECONCILIATION), LATE_STOP (reconciliation had closed it with an
 * estimate: the charger's values replace it; a session billing already COMPLETED stays COMPLETED and billing
 * settles the difference), ALREADY_STOPPED (the charger's stop is already recorded: nothing changes),
 * UNKNOWN_TRANSACTION (no such transaction on this charger: logged, nothing stored). Energy is
 * meterStop - meterStart, never below zero; a stop without reason is stored as {@code Local}, as OCPP says. {@link io.csms.bus.EventAddresses#TRANSACTION_STOPPED} is
 * published after the commit of a STOPPED or LATE_STOP.
 */
public final class TransactionStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionStore.class);

  // One statement, so one round trip and its own database transaction: the insert and, when it inserted, the
  // older sessions still RUNNING on that connector made PENDING_RECONCILIATION (the update does not see the new
  // row, which has its own id anyway). Nothing inserted: a retry of a committed start (the conflict waited for
  // it) or no such charger, and nothing is superseded.
  private static final String START = """
      WITH inserted AS (
        INSERT INTO charging_transactions (charger_id, connector_id, user_id, id_tag, id_tag_status, reservation_id,
                                           meter_start_wh, start_time)
        SELECT c.id, $2, (SELECT u.id FROM users u WHERE lower(u.rfid_id_tag) = lower($3)), $3, $4, $5, $6, $7
          FROM chargers c WHERE c.charge_point_id = $1
        ON CONFLICT ON CONSTRAINT charging_transactions_start_once DO NOTHING
        RETURNING id, charger_id),
      superseded AS (
        UPDATE charging_transactions t SET status = 'PENDING_RECONCILIATION', reconciliation_since = $7,
               updated_at = now()
          FROM inserted i
         WHERE t.charger_id = i.charger_id AND t.connector_id = $2 AND t.status = 'RUNNING' AND t.id <> i.id
           AND t.start_time <= $7
        RETURNING t.id)
      SELECT i.id, ARRAY(SELECT id FROM superseded ORDER BY id) AS superseded FROM inserted i
      """;
  private static final String EXISTING_START = """
      SELECT t.id FROM charging_transactions t JOIN chargers c ON c.id = t.charger_id
       WHERE c.charge_point_id = $1 AND t.connector_id = $2 AND t.id_tag = $3 AND t.meter_start_wh = $4
         AND t.start_time = $5
      """;
  private static final String LOCK = """
      SELECT t.connector_id, t.status, t.stop_source, t.energy_wh
        FROM charging_transactions t JOIN chargers c ON c.id = t.charger_id
       WHERE t.id = $1 AND c.charge_point_id = $2
         FOR UPDATE OF t
      """;
  // Sent right behind LOCK, without waiting for its answer: it runs under the lock LOCK took, on the row LOCK
  // read, so its conditions (the charger's transaction, still open or closed by reconciliation) decide as the
  // outcome LOCK's row gives: it changes the row exactly when that outcome is STOPPED or LATE_STOP.
  private static final String STOP = """
      UPDATE charging_transactions
         SET meter_stop_wh = $2, energy_wh = GREATEST($2 - meter_start_wh, 0), stop_time = $3,
             stop_reason = $4, stop_id_tag = $5, stop_source = 'CHARGER',
             status = CASE WHEN status IN ('RUNNING', 'PENDING_RECONCILIATION') THEN 'STOPPED' ELSE status END,
             updated_at = now()
       WHERE id = $1 AND charger_id = (SELECT id FROM chargers WHERE charge_point_id = $6)
         AND (status IN ('RUNNING', 'PENDING_RECONCILIATION') OR stop_source = 'RECONCILED')
      RETURNING energy_wh
      """;

  enum Outcome { STOPPED, LATE_STOP, ALREADY_STOPPED, UNKNOWN_TRANSACTION }

  private record Stop(Outcome outcome, BigDecimal energyWh) {
  }

  private final Pool pool;
  private final TransactionEvents events;

  public TransactionStore(Vertx vertx, Pool pool) {
    this.pool = pool;
    this.events = new TransactionEvents(vertx);
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(
        BusEndpoint.serve(vertx, PersistenceAddresses.TRANSACTION_START, LOG, this::start),
        BusEndpoint.serve(vertx, PersistenceAddresses.TRANSACTION_STOP, LOG, this::stop));
  }

  Future<JsonObject> start(BusRequest request) {
    String chargePointId = request.text("chargePointId");
    int connectorId = request.integer("connectorId", 1);
    String idTag = request.text("idTag");
    long meterStart = request.wholeNumber("meterStart");
    OffsetDateTime startTime = request.instant("timestamp");
    Integer reservationId = request.optionalInteger("reservationId");
    String idTagStatus = request.text("idTagStatus");
    Tuple key = Tuple.of(chargePointId, connectorId, idTag, meterStart, startTime);
    return pool.preparedQuery(START)
        .execute(Tuple.of(chargePointId, connectorId, idTag, idTagStatus, reservationId, meterStart, startTime))
        .compose(inserted -> {
          if (inserted.size() == 1) {
            Row row = inserted.iterator().next();
            long id = row.getLong("id");
            for (Long older : row.getArrayOfLongs("superseded")) {
              LOG.warn("{} connector {} started transaction {} while transaction {} was RUNNING there: that one is "
                  + "now PENDING_RECONCILIATION", chargePointId, connectorId, id, older);
            }
            return Future.succeededFuture(new JsonObject().put("transactionId", id).put("duplicate", false));
          }
          return pool.preparedQuery(EXISTING_START).execute(key).map(existing -> {
            if (existing.size() == 0) {
              throw RequestRefused.unknownChargePoint(chargePointId);
            }
            return new JsonObject().put("transactionId", existing.iterator().next().getLong("id"))
                .put("duplicate", true);
          });
        })
        .onSuccess(reply -> {
          if (!reply.getBoolean("duplicate")) {
            events.started(reply.getLong("transactionId"), chargePointId, connectorId, idTag, reservationId);
          }
        });
  }

  Future<JsonObject> stop(BusRequest request) {
    String chargePointId = request.text("chargePointId");
    long transactionId = request.wholeNumber("transactionId");
    long meterStop = request.wholeNumber("meterStop");
    OffsetDateTime stopTime = request.instant("timestamp");
    String idTag = request.optionalText("idTag");
    // OCPP 1.6: the reason may only be omitted when it is Local.
    String reason = Objects.requireNonNullElse(request.optionalText("reason"), "Local");
    JsonArray transactionData = request.optionalArray("transactionData");
    List<MeterSamples.Sample> samples =
        transactionData == null ? List.of() : MeterSamples.parse("transactionData", transactionData);

    return PipelinedTransaction.run(pool, conn -> {
      // One round trip for both: STOP waits in the connection's pipeline, not for LOCK's answer.
      Future<RowSet<Row>> locking = conn.preparedQuery(LOCK).execute(Tuple.of(transactionId, chargePointId));
      Future<RowSet<Row>> stopping = conn.preparedQuery(STOP)
          .execute(Tuple.of(transactionId, meterStop, stopTime, reason, idTag, chargePointId));
      return locking.compose(locked -> stopping.compose(stopped -> {
        if (locked.size() == 0) {
          return Future.succeededFuture(new Stop(Outcome.UNKNOWN_TRANSACTION, null));
        }
        Row row = locked.iterator().next();
        Outcome outcome = "RUNNING".equals(row.getString("status"))
            || "PENDING_RECONCILIATION".equals(row.getString("status")) ? Outcome.STOPPED
            : "RECONCILED".equals(row.getString("stop_source")) ? Outcome.LATE_STOP : Outcome.ALREADY_STOPPED;
        if ((outcome == Outcome.ALREADY_STOPPED) != (stopped.rowCount() == 0)) {
          // Cannot happen under the lock; rolled back rather than answered with a guess.
          return Future.failedFuture(new IllegalStateException("transaction " + transactionId + " was " + outcome
              + " but the stop changed " + stopped.rowCount() + " row(s)"));
        }
        if (outcome == Outcome.ALREADY_STOPPED) {
          return Future.succeededFuture(new Stop(outcome, row.getBigDecimal("energy_wh")));
        }
        return MeterSamples.insert(conn, chargePointId, row.getInteger("connector_id"), transactionId, samples)
            .map(stored -> new Stop(outcome, stopped.iterator().next().getBigDecimal("energy_wh")));
      }));
    })
        .map(stop -> {
          // Committed (or nothing to commit): announce, then reply.
          switch (stop.outcome()) {
            case STOPPED -> events.stopped(transactionId, chargePointId);
            case LATE_STOP -> {
              LOG.info("{} transaction {}: a late StopTransaction replaces the reconciled estimate", chargePointId,
                  transactionId);
              events.stopped(transactionId, chargePointId);
            }
            case UNKNOWN_TRANSACTION -> LOG.warn("{} stopped transaction {} which is not one of its transactions",
                chargePointId, transactionId);
            case ALREADY_STOPPED -> LOG.debug("{} repeated the stop of transaction {}", chargePointId,
                transactionId);
          }
          JsonObject reply = new JsonObject().put("outcome", stop.outcome().name());
          if (stop.energyWh() != null) {
            reply.put("energyWh", stop.energyWh().stripTrailingZeros().toPlainString());
          }
          return reply;
        });
  }
}
