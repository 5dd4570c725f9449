package io.csms.persistence.admin;

import io.csms.bus.AdminStoreAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Chargers and connectors for the management API (see {@link AdminStoreAddresses}, chargers section). */
public final class ChargerAdminStore extends AdminStore {
  private static final Patch FIELDS = new Patch()
      .field("chargePointId", "charge_point_id", Patch.Type.TEXT)
      .field("stationId", "station_id", Patch.Type.BIGINT)
      .field("name", "name", Patch.Type.TEXT)
      .field("vendor", "vendor", Patch.Type.TEXT)
      .field("model", "model", Patch.Type.TEXT)
      .field("serialNumber", "serial_number", Patch.Type.TEXT)
      .field("tariffId", "tariff_id", Patch.Type.BIGINT);
  private static final Patch CONNECTOR_FIELDS = new Patch()
      .field("chargerId", "charger_id", Patch.Type.BIGINT)
      .field("connectorId", "connector_id", Patch.Type.INT)
      .field("connectorType", "connector_type", Patch.Type.TEXT)
      .field("maxPowerW", "max_power_w", Patch.Type.NUMERIC);

  private final ChargerRows rows;

  public ChargerAdminStore(Pool pool) {
    super(pool);
    this.rows = new ChargerRows(pool);
    on(AdminStoreAddresses.CHARGER_LIST, this::list);
    on(AdminStoreAddresses.CHARGER_GET, this::get);
    on(AdminStoreAddresses.CHARGER_CREATE, this::create);
    on(AdminStoreAddresses.CHARGER_UPDATE, this::update);
    on(AdminStoreAddresses.CHARGER_DELETE, this::delete);
    on(AdminStoreAddresses.CONNECTOR_LIST, this::connectors);
    on(AdminStoreAddresses.CONNECTOR_CREATE, this::createConnector);
    on(AdminStoreAddresses.CONNECTOR_UPDATE, this::updateConnector);
    on(AdminStoreAddresses.CONNECTOR_DELETE, this::deleteConnector);
  }

  private Future<JsonObject> list(JsonObject request) {
    Page page = Page.of(request);
    Tuple filter = Tuple.of(request.getString("status"), request.getLong("stationId"),
        Search.contains(request.getString("search")));
    return pool.preparedQuery("SELECT count(*) FROM chargers c" + ChargerRows.FILTER).execute(filter)
        .compose(count -> rows.page(filter, page).map(data -> new JsonObject().put("data", data)
            .put("total", count.iterator().next().getLong(0))));
  }

  private Future<JsonObject> charger(Long id, String chargePointId) {
    return rows.one(id, chargePointId).map(found -> {
      if (found.isEmpty()) {
        throw StoreFailure.notFound("Charger", id != null ? id : chargePointId);
      }
      return found.getJsonObject(0);
    });
  }

  private Future<JsonObject> get(JsonObject request) {
    Long id = request.getLong("id");
    String chargePointId = request.getString("chargePointId");
    if (id == null && chargePointId == null) {
      throw new IllegalArgumentException("id or chargePointId is required");
    }
    return charger(id, chargePointId).compose(charger -> pool.preparedQuery("SELECT id FROM charging_transactions"
            + " WHERE charger_id = $1 AND status IN ('RUNNING', 'PENDING_RECONCILIATION') ORDER BY start_time DESC LIMIT 1")
        .execute(Tuple.of(charger.getLong("id")))
        .map(tx -> new JsonObject().put("charger", charger).put("currentTransaction", tx.size() == 0 ? null
            : new JsonObject().put("transactionId", tx.iterator().next().getLong(0)))));
  }

  private Future<JsonObject> create(JsonObject request) {
    JsonArray connectors = Patch.array(request, "connectors");
    return pool.withTransaction(conn -> {
      List<Object> params = new ArrayList<>();
      return conn.preparedQuery("INSERT INTO chargers " + FIELDS.insert(request, params) + " RETURNING id")
          .execute(Patch.tuple(params))
          .compose(inserted -> {
            long id = inserted.iterator().next().getLong(0);
            Future<Void> chain = Future.succeededFuture();
            for (Object o : connectors) {
              JsonObject connector = ((JsonObject) o).copy().put("chargerId", id);
              chain = chain.compose(v -> insertConnector(conn, connector).mapEmpty());
            }
            return chain.map(id);
          });
    }).compose(id -> charger(id, null)).map(charger -> new JsonObject().put("charger", charger));
  }

  private Future<JsonObject> update(JsonObject request) {
    long id = request.getLong("id");
    JsonObject changes = request.copy();
    changes.remove("chargePointId");
    List<Object> params = new ArrayList<>();
    String set = FIELDS.set(changes, params);
    if (set.isEmpty()) {
      return charger(id, null).map(charger -> new JsonObject().put("charger", charger));
    }
    params.add(id);
    return pool.preparedQuery("UPDATE chargers SET " + set + ", updated_at = now() WHERE id = $" + params.size())
        .execute(Patch.tuple(params))
        .compose(r -> r.rowCount() == 0 ? Future.failedFuture(StoreFailure.notFound("Charger", id)) : charger(id, null))
        .map(charger -> new JsonObject().put("charger", charger));
  }

  private Future<JsonObject> delete(JsonObject request) {
    long id = request.getLong("id");
    return pool.preparedQuery("DELETE FROM chargers WHERE id = $1").execute(Tuple.of(id))
        .compose(r -> r.rowCount() == 0
            ? Future.failedFuture(StoreFailure.notFound("Charger", id))
            : Future.succeededFuture(new JsonObject()));
  }

  private Future<JsonObject> connectors(JsonObject request) {
    long chargerId = request.getLong("chargerId");
    return charger(chargerId, null).map(charger -> new JsonObject().put("data", charger.getJsonArray("connectors")));
  }

  private static Future<JsonObject> insertConnector(SqlConnection conn, JsonObject connector) {
    List<Object> params = new ArrayList<>();
    return conn.preparedQuery("INSERT INTO connectors " + CONNECTOR_FIELDS.insert(connector, params)
            + " RETURNING " + ChargerRows.CONNECTOR_COLUMNS)
        .execute(Patch.tuple(params))
        .map(rows -> RowJson.of(rows.iterator().next()));
  }

  private Future<JsonObject> createConnector(JsonObject request) {
    long chargerId = request.getLong("chargerId");
    return charger(chargerId, null)
        .compose(charger -> pool.withConnection(conn -> insertConnector(conn, request)))
        .map(connector -> new JsonObject().put("connector", connector));
  }

  private Future<JsonObject> updateConnector(JsonObject request) {
    long chargerId = request.getLong("chargerId");
    int connectorId = request.getInteger("connectorId");
    JsonObject changes = request.copy();
    changes.remove("chargerId");
    changes.remove("connectorId");
    List<Object> params = new ArrayList<>();
    String set = CONNECTOR_FIELDS.set(changes, params);
    params.add(chargerId);
    params.add(connectorId);
    String sql = "UPDATE connectors SET " + (set.isEmpty() ? "" : set + ", ") + "updated_at = now()"
        + " WHERE charger_id = $" + (params.size() - 1) + " AND connector_id = $" + params.size()
        + " RETURNING " + ChargerRows.CONNECTOR_COLUMNS;
    return pool.preparedQuery(sql).execute(Patch.tuple(params))
        .map(rows -> new JsonObject().put("connector",
            RowJson.first(rows, "Connector", chargerId + "/" + connectorId)));
  }

  private Future<JsonObject> deleteConnector(JsonObject request) {
    long chargerId = request.getLong("chargerId");
    int connectorId = request.getInteger("connectorId");
    return pool.preparedQuery("DELETE FROM connectors WHERE charger_id = $1 AND connector_id = $2")
        .execute(Tuple.of(chargerId, connectorId))
        .compose(r -> r.rowCount() == 0
            ? Future.failedFuture(StoreFailure.notFound("Connector", chargerId + "/" + connectorId))
            : Future.succeededFuture(new JsonObject()));
  }
}
