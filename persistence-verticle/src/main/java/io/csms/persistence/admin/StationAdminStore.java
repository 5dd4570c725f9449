package io.csms.persistence.admin;

import io.csms.bus.AdminStoreAddresses;
import io.csms.persistence.BusEndpoint;
import io.csms.persistence.BusRequest;
import io.csms.persistence.RequestRefused;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stations for the management API (see {@link AdminStoreAddresses}, stations section). */
public final class StationAdminStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(StationAdminStore.class);
  static final String COLUMNS = "s.id, s.name, s.latitude::float8 AS latitude, s.longitude::float8 AS longitude,"
      + " s.address, s.city, s.state, s.zip_code, s.country, s.power_limit_w, s.tariff_id,"
      + " (SELECT count(*) FROM chargers c WHERE c.station_id = s.id)::int AS _charger_count,"
      + " s.created_at, s.updated_at";
  private static final Patch FIELDS = new Patch()
      .field("name", "name", Patch.Type.TEXT)
      .field("latitude", "latitude", Patch.Type.NUMERIC)
      .field("longitude", "longitude", Patch.Type.NUMERIC)
      .field("address", "address", Patch.Type.TEXT)
      .field("city", "city", Patch.Type.TEXT)
      .field("state", "state", Patch.Type.TEXT)
      .field("zipCode", "zip_code", Patch.Type.TEXT)
      .field("country", "country", Patch.Type.TEXT)
      .field("powerLimitW", "power_limit_w", Patch.Type.NUMERIC)
      .field("tariffId", "tariff_id", Patch.Type.BIGINT);

  private final Pool pool;
  private final ChargerRows chargers;

  public StationAdminStore(Pool pool) {
    this.pool = pool;
    this.chargers = new ChargerRows(pool);
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(
        BusEndpoint.serve(vertx, AdminStoreAddresses.STATION_LIST, LOG, this::list),
        BusEndpoint.serve(vertx, AdminStoreAddresses.STATION_GET, LOG, this::get),
        BusEndpoint.serve(vertx, AdminStoreAddresses.STATION_CREATE, LOG, this::create),
        BusEndpoint.serve(vertx, AdminStoreAddresses.STATION_UPDATE, LOG, this::update),
        BusEndpoint.serve(vertx, AdminStoreAddresses.STATION_DELETE, LOG, this::delete));
  }

  private Future<JsonObject> list(BusRequest request) {
    String where = " WHERE ($1::text IS NULL OR s.name ILIKE $1 OR s.address ILIKE $1)";
    return Page.of(request).readRows(pool, "SELECT count(*) FROM stations s" + where,
        "SELECT " + COLUMNS + " FROM stations s" + where + " ORDER BY s.id",
        Tuple.of(Search.contains(request.optionalText("search"))));
  }

  private Future<JsonObject> one(long id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM stations s WHERE s.id = $1").execute(Tuple.of(id))
        .map(rows -> RowJson.first(rows, "station", id));
  }

  private Future<JsonObject> get(BusRequest request) {
    long id = request.wholeNumber("id");
    return one(id).compose(station -> chargers.listOfStation(id)
        .map(list -> new JsonObject().put("station", station).put("chargers", list)));
  }

  private Future<JsonObject> create(BusRequest request) {
    List<Object> params = new ArrayList<>();
    String sql = "INSERT INTO stations " + FIELDS.insert(request, params) + " RETURNING id";
    return pool.preparedQuery(sql).execute(Patch.tuple(params))
        .compose(rows -> one(rows.iterator().next().getLong(0)))
        .map(station -> new JsonObject().put("station", station));
  }

  private Future<JsonObject> update(BusRequest request) {
    long id = request.wholeNumber("id");
    List<Object> params = new ArrayList<>();
    String set = FIELDS.set(request, params);
    if (set.isEmpty()) {
      return one(id).map(station -> new JsonObject().put("station", station));
    }
    params.add(id);
    return pool.preparedQuery("UPDATE stations SET " + set + ", updated_at = now() WHERE id = $" + params.size())
        .execute(Patch.tuple(params))
        .compose(result -> result.rowCount() == 0 ? Future.failedFuture(RequestRefused.missing("station", id)) : one(id))
        .map(station -> new JsonObject().put("station", station));
  }

  private Future<JsonObject> delete(BusRequest request) {
    long id = request.wholeNumber("id");
    return Deletion.reply(pool, "DELETE FROM stations WHERE id = $1", Tuple.of(id), "station", id);
  }
}
