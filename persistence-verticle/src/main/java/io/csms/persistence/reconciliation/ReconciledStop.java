package io.csms.persistence.reconciliation;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Closes PENDING_RECONCILIATION transactions with their last known meter value: status STOPPED, stop_source
 * RECONCILED, meter_stop_wh = the session's newest whole-meter energy reading (meter_start_wh when no sample ever
 * came), stop_time = that reading's time (else the moment that proves the session is over), stop_reason
 * 'Reconciled'. A later StopTransaction from the charger replaces these estimates (LATE_STOP). Candidates are
 * taken with {@code FOR UPDATE SKIP LOCKED}: a row another node (or a concurrent StopTransaction) holds is left to it.
 */
public final class ReconciledStop {
  /** A transaction closed by reconciliation, to announce once committed. */
  public record Closed(long transactionId, String chargePointId) {
  }

  // The candidates' condition, then the stop time when no meter value was ever received. The last meter value is
  // read from the session's readings (transaction_last_meter, V40), for the sessions this statement closes only.
  private static final String CLOSE = """
      WITH candidate AS (SELECT p.id FROM charging_transactions p WHERE %s FOR UPDATE SKIP LOCKED)
      UPDATE charging_transactions t
         SET status = 'STOPPED', stop_source = 'RECONCILED', stop_reason = 'Reconciled',
             meter_stop_wh = COALESCE(m.meter_wh, t.meter_start_wh),
             energy_wh = GREATEST(COALESCE(m.meter_wh, t.meter_start_wh) - t.meter_start_wh, 0),
             stop_time = COALESCE(m.meter_at, %s),
             updated_at = now()
        FROM chargers c, candidate LEFT JOIN LATERAL transaction_last_meter(candidate.id) m ON true
       WHERE c.id = t.charger_id AND t.id = candidate.id AND t.status = 'PENDING_RECONCILIATION'
      RETURNING t.id, c.charge_point_id
      """;

  // The charger by its OCPP id, so that the caller can send this with the statement that finds the charger.
  private static final String ON_FREE_CONNECTOR = CLOSE.formatted(
      "p.charger_id = (SELECT id FROM chargers WHERE charge_point_id = $2) AND p.connector_id = $3"
          + " AND p.status = 'PENDING_RECONCILIATION' AND p.start_time <= $1", "$1");

  // Oldest first and bounded, so a large backlog is closed in several short statements.
  static final int SCAN_BATCH = 500;
  private static final String OVERDUE = CLOSE.formatted(
      "p.status = 'PENDING_RECONCILIATION' AND p.reconciliation_since <= $1 ORDER BY p.reconciliation_since LIMIT "
          + SCAN_BATCH, "t.reconciliation_since");

  private ReconciledStop() {
  }

  /**
   * The connector was reported free at {@code freeAt}: its sessions that started before then are over.
   * Runs on the caller's connection, inside the caller's database transaction.
   */
  public static Future<List<Closed>> onFreeConnector(SqlClient sql, String chargePointId, int connectorId,
      OffsetDateTime freeAt) {
    return sql.preparedQuery(ON_FREE_CONNECTOR).execute(Tuple.of(freeAt, chargePointId, connectorId))
        .map(ReconciledStop::closed);
  }

  /** Closes up to {@link #SCAN_BATCH} sessions pending since {@code pendingSince} or earlier (one statement). */
  static Future<List<Closed>> overdue(SqlClient sql, OffsetDateTime pendingSince) {
    return sql.preparedQuery(OVERDUE).execute(Tuple.of(pendingSince)).map(ReconciledStop::closed);
  }

  private static List<Closed> closed(Iterable<Row> rows) {
    List<Closed> closed = new ArrayList<>();
    for (Row row : rows) {
      closed.add(new Closed(row.getLong("id"), row.getString("charge_point_id")));
    }
    return closed;
  }
}
