package io.csms.persistence.charger;

import io.csms.bus.PersistenceAddresses;
import io.csms.persistence.BusEndpoint;
import io.csms.persistence.BusRequest;
import io.csms.persistence.GroupCommit;
import io.csms.persistence.PipelinedTransaction;
import io.csms.persistence.RequestRefused;
import io.csms.persistence.reconciliation.ReconciledStop;
import io.csms.persistence.transaction.TransactionEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charge points and their connectors: lookup at the WebSocket upgrade, BootNotification, Heartbeat,
 * connection state and StatusNotification ({@link PersistenceAddresses#CHARGER_LOOKUP},
 * {@link PersistenceAddresses#CHARGER_BOOT}, {@link PersistenceAddresses#CHARGER_HEARTBEAT},
 * {@link PersistenceAddresses#CHARGER_CONNECTION}, {@link PersistenceAddresses#CONNECTOR_STATUS}).
 *
 * <p>A boot marks the charger's RUNNING transactions PENDING_RECONCILIATION: a reboot says nothing about
 * how a session ended, so it is never failed. A connector later reported {@code Available} closes them
 * with their last known meter value (see {@link ReconciledStop}). A disconnect only takes a charger
 * OFFLINE when the closing socket's node still holds it, so a late close never undoes a takeover.
 *
 * <p>Heartbeats, connection changes and StatusNotifications are the frequent one-row writes: they are committed
 * together with others of their kind that arrive meanwhile ({@link GroupCommit}), each answered after that commit.
 * Their refusals (an unknown charge point) are decided after the commit, from the rows the statement found, so
 * that one request's refusal never rolls back the others'.
 */
public final class ChargerStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ChargerStore.class);

  private static final String LOOKUP =
      "SELECT id, charge_point_id, station_id FROM chargers WHERE charge_point_id = $1";
  private static final String BOOT = """
      UPDATE chargers SET vendor = $2, model = $3, serial_number = $4, charge_box_serial_number = $5,
             firmware_version = $6, iccid = $7, imsi = $8, meter_type = $9, meter_serial_number = $10,
             last_boot_at = $11, last_seen_at = GREATEST(last_seen_at, $11), updated_at = now()
       WHERE charge_point_id = $1
      RETURNING id
      """;
  // The charger by its OCPP id, so that it is sent with BOOT rather than after BOOT's answer.
  private static final String MARK_PENDING = """
      UPDATE charging_transactions SET status = 'PENDING_RECONCILIATION', reconciliation_since = $2,
             updated_at = now()
       WHERE charger_id = (SELECT id FROM chargers WHERE charge_point_id = $1) AND status = 'RUNNING'
      """;
  private static final String HEARTBEAT = """
      UPDATE chargers SET last_heartbeat_at = $2, last_seen_at = GREATEST(last_seen_at, $2)
       WHERE charge_point_id = $1
      """;
  private static final String CONNECTED = """
      UPDATE chargers SET connection_status = 'ONLINE', connected_node = $2,
             last_seen_at = GREATEST(last_seen_at, $3), updated_at = now()
       WHERE charge_point_id = $1
      """;
  // Only the node that holds the socket may take the charger offline.
  private static final String DISCONNECTED = """
      UPDATE chargers SET connection_status = 'OFFLINE', connected_node = NULL,
             last_seen_at = GREATEST(last_seen_at, $3), updated_at = now()
       WHERE charge_point_id = $1 AND connected_node = $2
      """;
  private static final String CHARGER_STATUS = """
      UPDATE chargers SET status = $2, error_code = $3, last_seen_at = GREATEST(last_seen_at, $4),
             updated_at = now()
       WHERE charge_point_id = $1
      RETURNING id
      """;
  // The charger is found by its OCPP id and its connector upserted in one statement, which answers the
  // charger's id (no row: unknown charge point). A status older than the one stored (a queued notification
  // delivered late) does not overwrite it.
  private static final String CONNECTOR_STATUS = """
      WITH charger AS (SELECT id FROM chargers WHERE charge_point_id = $1),
      upserted AS (
        INSERT INTO connectors (charger_id, connector_id, status, error_code, info, vendor_id,
                                vendor_error_code, status_at)
        SELECT charger.id, $2, $3, $4, $5, $6, $7, $8 FROM charger
        ON CONFLICT (charger_id, connector_id) DO UPDATE
           SET status = EXCLUDED.status, error_code = EXCLUDED.error_code, info = EXCLUDED.info,
               vendor_id = EXCLUDED.vendor_id, vendor_error_code = EXCLUDED.vendor_error_code,
               status_at = EXCLUDED.status_at, updated_at = now()
         WHERE connectors.status_at IS NULL OR connectors.status_at <= EXCLUDED.status_at)
      SELECT id FROM charger
      """;

  private final Pool pool;
  private final GroupCommit groupCommit;
  private final TransactionEvents events;

  public ChargerStore(Vertx vertx, Pool pool, GroupCommit groupCommit) {
    this.pool = pool;
    this.groupCommit = groupCommit;
    this.events = new TransactionEvents(vertx);
  }

  /** Commits the heartbeats, status and connection changes still gathering before the connections close. */
  @Override
  public Future<Void> stop() {
    return groupCommit.finish();
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(
        BusEndpoint.serve(vertx, PersistenceAddresses.CHARGER_LOOKUP, LOG, this::lookup),
        BusEndpoint.serve(vertx, PersistenceAddresses.CHARGER_BOOT, LOG, this::boot),
        BusEndpoint.serve(vertx, PersistenceAddresses.CHARGER_HEARTBEAT, LOG, this::heartbeat),
        BusEndpoint.serve(vertx, PersistenceAddresses.CHARGER_CONNECTION, LOG, this::connection),
        BusEndpoint.serve(vertx, PersistenceAddresses.CONNECTOR_STATUS, LOG, this::connectorStatus));
  }

  Future<JsonObject> lookup(BusRequest request) {
    String chargePointId = request.text("chargePointId");
    return pool.preparedQuery(LOOKUP).execute(Tuple.of(chargePointId)).map(rows -> {
      requireRegistered(rows.size(), chargePointId);
      Row row = rows.iterator().next();
      return new JsonObject().put("chargerId", row.getLong("id"))
          .put("chargePointId", row.getString("charge_point_id"))
          .put("stationId", row.getLong("station_id"));
    });
  }

  Future<JsonObject> boot(BusRequest request) {
    String chargePointId = request.text("chargePointId");
    Tuple identity = Tuple.of(chargePointId, request.text("chargePointVendor"), request.text("chargePointModel"),
        request.optionalText("chargePointSerialNumber"), request.optionalText("chargeBoxSerialNumber"),
        request.optionalText("firmwareVersion"), request.optionalText("iccid"), request.optionalText("imsi"),
        request.optionalText("meterType"), request.optionalText("meterSerialNumber"));
    OffsetDateTime receivedAt = request.instant("receivedAt");
    identity.addOffsetDateTime(receivedAt);
    // Both statements in one round trip (the connection pipelines them); an unknown charger rolls both back.
    return PipelinedTransaction.run(pool, conn -> {
      Future<RowSet<Row>> booted = conn.preparedQuery(BOOT).execute(identity);
      Future<RowSet<Row>> marking = conn.preparedQuery(MARK_PENDING).execute(Tuple.of(chargePointId, receivedAt));
      return whenRegistered(booted, chargePointId, marking).map(marked -> {
        if (marked.rowCount() > 0) {
          LOG.info("{} rebooted: {} running transaction(s) now PENDING_RECONCILIATION", chargePointId,
              marked.rowCount());
        }
        return new JsonObject().put("pendingReconciliation", marked.rowCount());
      });
    });
  }

  Future<JsonObject> heartbeat(BusRequest request) {
    String chargePointId = request.text("chargePointId");
    Tuple params = Tuple.of(chargePointId, request.instant("receivedAt"));
    return groupCommit.run(conn -> conn.preparedQuery(HEARTBEAT).execute(params))
        .map(rows -> {
          requireRegistered(rows.rowCount(), chargePointId);
          return new JsonObject();
        });
  }

  Future<JsonObject> connection(BusRequest request) {
    String chargePointId = request.text("chargePointId");
    boolean connected = request.bool("connected");
    Tuple params = Tuple.of(chargePointId, request.text("nodeId"), request.instant("at"));
    if (!connected) {
      // No row changed is normal here: another node has taken the charger over since.
      return groupCommit.run(conn -> conn.preparedQuery(DISCONNECTED).execute(params)).map(rows -> new JsonObject());
    }
    return groupCommit.run(conn -> conn.preparedQuery(CONNECTED).execute(params)).map(rows -> {
      requireRegistered(rows.rowCount(), chargePointId);
      return new JsonObject();
    });
  }

  Future<JsonObject> connectorStatus(BusRequest request) {
    String chargePointId = request.text("chargePointId");
    int connectorId = request.integer("connectorId", 0);
    String status = request.text("status");
    String errorCode = request.text("errorCode");
    String info = request.optionalText("info");
    String vendorId = request.optionalText("vendorId");
    String vendorErrorCode = request.optionalText("vendorErrorCode");
    OffsetDateTime receivedAt = request.instant("receivedAt");
    OffsetDateTime timestamp = request.optionalInstant("timestamp");
    OffsetDateTime statusAt = timestamp != null ? timestamp : receivedAt;

    if (connectorId == 0) {
      Tuple charger = Tuple.of(chargePointId, status, errorCode, receivedAt);
      return groupCommit.run(conn -> conn.preparedQuery(CHARGER_STATUS).execute(charger))
          .map(rows -> {
            requireRegistered(rows.size(), chargePointId);
            events.connectorStatus(chargePointId, 0, status, errorCode, statusAt.toInstant().toString());
            return new JsonObject().put("reconciledTransactionIds", new JsonArray());
          });
    }
    Tuple upsert = Tuple.of(chargePointId, connectorId, status, errorCode, info, vendorId, vendorErrorCode,
        statusAt);
    // Only a free connector closes sessions, in the same database transaction and the same round trip (the
    // connection pipelines both statements; an unknown charger has no sessions to close, so nothing is written
    // for it); any other status is one statement.
    Future<List<ReconciledStop.Closed>> stored = "Available".equals(status)
        ? groupCommit.run(conn -> {
          Future<RowSet<Row>> upserted = conn.preparedQuery(CONNECTOR_STATUS).execute(upsert);
          Future<List<ReconciledStop.Closed>> closing =
              ReconciledStop.onFreeConnector(conn, chargePointId, connectorId, statusAt);
          return Future.all(upserted, closing);
        }).map(both -> {
          requireRegistered(both.<RowSet<Row>>resultAt(0).size(), chargePointId);
          return both.<List<ReconciledStop.Closed>>resultAt(1);
        })
        : groupCommit.run(conn -> conn.preparedQuery(CONNECTOR_STATUS).execute(upsert)).map(rows -> {
          requireRegistered(rows.size(), chargePointId);
          return List.of();
        });
    return stored
        .map(closed -> {
          // Committed: now the stops may be announced.
          events.connectorStatus(chargePointId, connectorId, status, errorCode, statusAt.toInstant().toString());
          JsonArray ids = new JsonArray();
          for (ReconciledStop.Closed c : closed) {
            LOG.info("{} connector {} is free: transaction {} closed with its last meter value", chargePointId,
                connectorId, c.transactionId());
            events.stopped(c.transactionId(), c.chargePointId());
            ids.add(c.transactionId());
          }
          return new JsonObject().put("reconciledTransactionIds", ids);
        });
  }

  /**
   * {@code next}, a statement sent right behind {@code found} on the same connection, once {@code found} showed
   * the charger registered; otherwise the refusal, and the transaction rolls both back.
   */
  private static <T> Future<T> whenRegistered(Future<RowSet<Row>> found, String chargePointId, Future<T> next) {
    return found.compose(rows -> {
      requireRegistered(rows.size(), chargePointId);
      return next;
    });
  }

  private static void requireRegistered(int rowsFound, String chargePointId) {
    if (rowsFound == 0) {
      throw RequestRefused.unknownChargePoint(chargePointId);
    }
  }
}
