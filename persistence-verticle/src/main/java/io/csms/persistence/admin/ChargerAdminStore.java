package io.csms.persistence.admin;

import io.csms.bus.AdminStoreAddresses;
import io.csms.persistence.BusEndpoint;
import io.csms.persistence.BusRequest;
import io.csms.persistence.RequestRefused;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chargers and connectors for the management API (see {@link AdminStoreAddresses}, chargers section). */
public final class ChargerAdminStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ChargerAdminStore.class);
  /** Held by a charger's deletion until its commit (see {@link #delete}); the key is this store's own. */
  private static final String DELETIONS_TAKE_TURNS = "SELECT pg_advisory_xact_lock(" + 0x0c5a_de1eL + ")";
  private static final String DELETE_READINGS = "DELETE FROM meter_readings WHERE charger_id = $1";
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

  private final Pool pool;
  private final ChargerRows rows;

  public ChargerAdminStore(Pool pool) {
    this.pool = pool;
    this.rows = new ChargerRows(pool);
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(
        BusEndpoint.serve(vertx, AdminStoreAddresses.CHARGER_LIST, LOG, this::list),
        BusEndpoint.serve(vertx, AdminStoreAddresses.CHARGER_GET, LOG, this::get),
        BusEndpoint.serve(vertx, AdminStoreAddresses.CHARGER_CREATE, LOG, this::create),
        BusEndpoint.serve(vertx, AdminStoreAddresses.CHARGER_UPDATE, LOG, this::update),
        BusEndpoint.serve(vertx, AdminStoreAddresses.CHARGER_DELETE, LOG, this::delete),
        BusEndpoint.serve(vertx, AdminStoreAddresses.CONNECTOR_LIST, LOG, this::connectors),
        BusEndpoint.serve(vertx, AdminStoreAddresses.CONNECTOR_CREATE, LOG, this::createConnector),
        BusEndpoint.serve(vertx, AdminStoreAddresses.CONNECTOR_UPDATE, LOG, this::updateConnector),
        BusEndpoint.serve(vertx, AdminStoreAddresses.CONNECTOR_DELETE, LOG, this::deleteConnector));
  }

  private Future<JsonObject> list(BusRequest request) {
    Tuple filter = Tuple.of(request.optionalText("status"), request.optionalWholeNumber("stationId"),
        Search.contains(request.optionalText("search")));
    return Page.of(request).read(pool, "SELECT count(*) FROM chargers c" + ChargerRows.FILTER,
        ChargerRows.PAGE, filter, rows::assemble);
  }

  private Future<JsonObject> charger(Long id, String chargePointId) {
    return rows.one(id, chargePointId).map(found -> {
      if (found.isEmpty()) {
        throw id != null ? RequestRefused.missing("charger", id) : RequestRefused.unknownChargePoint(chargePointId);
      }
      return found.getJsonObject(0);
    });
  }

  private Future<JsonObject> get(BusRequest request) {
    Long id = request.optionalWholeNumber("id");
    String chargePointId = request.optionalText("chargePointId");
    if (id == null && chargePointId == null) {
      throw RequestRefused.invalid("id or chargePointId is required");
    }
    return charger(id, chargePointId).compose(charger -> pool.preparedQuery("SELECT id FROM charging_transactions"
            + " WHERE charger_id = $1 AND status IN ('RUNNING', 'PENDING_RECONCILIATION') ORDER BY start_time DESC LIMIT 1")
        .execute(Tuple.of(charger.getLong("id")))
        .map(tx -> new JsonObject().put("charger", charger).put("currentTransaction", tx.size() == 0 ? null
            : new JsonObject().put("transactionId", tx.iterator().next().getLong(0)))));
  }

  private Future<JsonObject> create(BusRequest request) {
    JsonArray connectors = request.optionalArray("connectors");
    return pool.withTransaction(conn -> {
      List<Object> params = new ArrayList<>();
      return conn.preparedQuery("INSERT INTO chargers " + FIELDS.insert(request, params) + " RETURNING id")
          .execute(Patch.tuple(params))
          .compose(inserted -> {
            long id = inserted.iterator().next().getLong(0);
            if (connectors == null || connectors.isEmpty()) {
              return Future.succeededFuture(id);
            }
            List<Tuple> rows = new ArrayList<>();
            for (Object connector : connectors) {
              if (!(connector instanceof JsonObject fields)) {
                throw RequestRefused.invalid("connectors must hold objects");
              }
              rows.add(CONNECTOR_FIELDS.row(new BusRequest(fields.copy().put("chargerId", id))));
            }
            return conn.preparedQuery("INSERT INTO connectors " + CONNECTOR_FIELDS.insertEvery())
                .executeBatch(rows).map(id);
          });
    }).compose(id -> charger(id, null)).map(charger -> new JsonObject().put("charger", charger));
  }

  private Future<JsonObject> update(BusRequest request) {
    long id = request.wholeNumber("id");
    BusRequest changes = request.without("chargePointId");
    List<Object> params = new ArrayList<>();
    String set = FIELDS.set(changes, params);
    if (set.isEmpty()) {
      return charger(id, null).map(charger -> new JsonObject().put("charger", charger));
    }
    params.add(id);
    return pool.preparedQuery("UPDATE chargers SET " + set + ", updated_at = now() WHERE id = $" + params.size())
        .execute(Patch.tuple(params))
        .compose(r -> r.rowCount() == 0 ? Future.failedFuture(RequestRefused.missing("charger", id)) : charger(id, null))
        .map(charger -> new JsonObject().put("charger", charger));
  }

  /**
   * A charger and its meter readings, in one transaction. meter_readings has no foreign key (V34, V35) and a
   * MeterValues write does not lock the charger it writes for (MeterSamples), so the readings are deleted in two
   * steps: most of them first, while meter values go on being written; then, under a SHARE lock on
   * meter_readings, the charger row and the readings written meanwhile. The lock waits for the writes in flight,
   * so their readings are seen and deleted, and holds new ones off until the commit, after which they no longer
   * find the charger: no reading outlives its charger, and meter values wait only for the short second step.
   * Deletions take turns (an advisory lock): two of them asking for SHARE while holding their first step's
   * ROW EXCLUSIVE would deadlock.
   */
  private Future<JsonObject> delete(BusRequest request) {
    long id = request.wholeNumber("id");
    Tuple charger = Tuple.of(id);
    return pool.withTransaction(conn -> conn.query(DELETIONS_TAKE_TURNS).execute()
        .compose(turn -> conn.preparedQuery(DELETE_READINGS).execute(charger))
        .compose(most -> conn.query("LOCK TABLE meter_readings IN SHARE MODE").execute())
        .compose(locked -> Deletion.reply(conn, "DELETE FROM chargers WHERE id = $1", charger, "charger", id))
        .compose(deleted -> conn.preparedQuery(DELETE_READINGS).execute(charger).map(deleted)));
  }

  private Future<JsonObject> connectors(BusRequest request) {
    long chargerId = request.wholeNumber("chargerId");
    return charger(chargerId, null).map(charger -> new JsonObject().put("data", charger.getJsonArray("connectors")));
  }

  private Future<JsonObject> insertConnector(BusRequest connector) {
    List<Object> params = new ArrayList<>();
    return pool.preparedQuery("INSERT INTO connectors " + CONNECTOR_FIELDS.insert(connector, params)
            + " RETURNING " + ChargerRows.CONNECTOR_COLUMNS)
        .execute(Patch.tuple(params))
        .map(rows -> RowJson.of(rows.iterator().next()));
  }

  private Future<JsonObject> createConnector(BusRequest request) {
    long chargerId = request.wholeNumber("chargerId");
    return charger(chargerId, null)
        .compose(charger -> insertConnector(request))
        .map(connector -> new JsonObject().put("connector", connector));
  }

  private Future<JsonObject> updateConnector(BusRequest request) {
    long chargerId = request.wholeNumber("chargerId");
    int connectorId = request.integer("connectorId");
    BusRequest changes = request.without("chargerId", "connectorId");
    List<Object> params = new ArrayList<>();
    String set = CONNECTOR_FIELDS.set(changes, params);
    params.add(chargerId);
    params.add(connectorId);
    String sql = "UPDATE connectors SET " + (set.isEmpty() ? "" : set + ", ") + "updated_at = now()"
        + " WHERE charger_id = $" + (params.size() - 1) + " AND connector_id = $" + params.size()
        + " RETURNING " + ChargerRows.CONNECTOR_COLUMNS;
    return pool.preparedQuery(sql).execute(Patch.tuple(params))
        .map(rows -> new JsonObject().put("connector",
            RowJson.first(rows, "connector", chargerId + "/" + connectorId)));
  }

  private Future<JsonObject> deleteConnector(BusRequest request) {
    long chargerId = request.wholeNumber("chargerId");
    int connectorId = request.integer("connectorId");
    return Deletion.reply(pool, "DELETE FROM connectors WHERE charger_id = $1 AND connector_id = $2",
        Tuple.of(chargerId, connectorId), "connector", chargerId + "/" + connectorId);
  }
}
