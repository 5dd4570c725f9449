package io.csms.persistence.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads chargers in their API shape: each with its station summary and connectors (two queries per page). */
final class ChargerRows {
  static final String CONNECTOR_COLUMNS = "id, connector_id, status, error_code, info, status_at, connector_type, max_power_w";
  private static final String SELECT = "SELECT c.id, c.charge_point_id, c.station_id, c.name, c.vendor, c.model,"
      + " c.serial_number, c.firmware_version, c.status AS latest_status, c.error_code, c.connection_status,"
      + " c.connected_node, c.last_heartbeat_at, c.last_seen_at, c.last_boot_at, c.tariff_id, c.created_at,"
      + " c.updated_at, s.name AS station_name, s.address AS station_address"
      + " FROM chargers c LEFT JOIN stations s ON s.id = c.station_id";
  static final String FILTER = " WHERE ($1::text IS NULL OR c.status = $1) AND ($2::bigint IS NULL OR c.station_id = $2)"
      + " AND ($3::text IS NULL OR c.charge_point_id ILIKE $3 OR c.name ILIKE $3 OR c.serial_number ILIKE $3)";

  /** Chargers matching {@link #FILTER}'s three parameters, ordered by id; {@link #assemble} them. */
  static final String PAGE = SELECT + FILTER + " ORDER BY c.id";

  private final Pool pool;

  ChargerRows(Pool pool) {
    this.pool = pool;
  }


  Future<JsonArray> listOfStation(long stationId) {
    return pool.preparedQuery(SELECT + " WHERE c.station_id = $1 ORDER BY c.id").execute(Tuple.of(stationId))
        .compose(this::assemble);
  }

  /** One charger by id or charge point id; an empty array when there is none. */
  Future<JsonArray> one(Long id, String chargePointId) {
    return id != null
        ? pool.preparedQuery(SELECT + " WHERE c.id = $1").execute(Tuple.of(id)).compose(this::assemble)
        : pool.preparedQuery(SELECT + " WHERE c.charge_point_id = $1").execute(Tuple.of(chargePointId)).compose(this::assemble);
  }

  /** The chargers read with {@link #SELECT}, each with its station and connectors. */
  Future<JsonArray> assemble(RowSet<Row> rows) {
    Map<Long, JsonObject> byId = new LinkedHashMap<>();
    for (Row row : rows) {
      JsonObject charger = RowJson.of(row);
      Object stationName = charger.remove("stationName");
      Object stationAddress = charger.remove("stationAddress");
      charger.put("station", charger.getValue("stationId") == null ? null : new JsonObject()
          .put("id", charger.getValue("stationId")).put("name", stationName).put("address", stationAddress));
      charger.put("connectors", new JsonArray());
      byId.put(charger.getLong("id"), charger);
    }
    if (byId.isEmpty()) {
      return Future.succeededFuture(new JsonArray());
    }
    List<Long> ids = new ArrayList<>(byId.keySet());
    return pool.preparedQuery("SELECT charger_id, " + CONNECTOR_COLUMNS
            + " FROM connectors WHERE charger_id = ANY($1) ORDER BY charger_id, connector_id")
        .execute(Tuple.tuple().addArrayOfLong(ids.toArray(new Long[0])))
        .map(connectors -> {
          for (Row row : connectors) {
            JsonObject connector = RowJson.of(row);
            Long chargerId = (Long) connector.remove("chargerId");
            byId.get(chargerId).getJsonArray("connectors").add(connector);
          }
          return new JsonArray(new ArrayList<>(byId.values()));
        });
  }
}
