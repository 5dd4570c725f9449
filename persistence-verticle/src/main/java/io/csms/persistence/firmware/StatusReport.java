package io.csms.persistence.firmware;

import io.csms.persistence.BusRequest;
import io.csms.persistence.RequestRefused;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * A charger's status report (FirmwareStatusNotification, DiagnosticsStatusNotification) written by one
 * statement that appends it to the charger's history and returns the rollout or request it was linked to.
 */
final class StatusReport {
  private StatusReport() {
  }

  /**
   * Runs {@code sql} with {@code ($1 chargePointId, $2 status, $3 receivedAt)}; it returns one row (column
   * {@code linkColumn}) for a known charger and none for an unknown one. Replies {@code {linkKey: id|null}}.
   */
  static Future<JsonObject> record(Pool pool, String sql, BusRequest request, String linkColumn, String linkKey) {
    String chargePointId = request.text("chargePointId");
    return pool.preparedQuery(sql)
        .execute(Tuple.of(chargePointId, request.text("status"), request.instant("receivedAt")))
        .map(rows -> {
          if (rows.size() == 0) {
            throw RequestRefused.unknownChargePoint(chargePointId);
          }
          return new JsonObject().put(linkKey, rows.iterator().next().getLong(linkColumn));
        });
  }
}
