package io.csms.persistence.admin;

import io.csms.bus.AdminStoreAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Stations for the management API (see {@link AdminStoreAddresses}, stations section). */
public final class StationAdminStore extends AdminStore {
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

  private final ChargerRows chargers;

  public StationAdminStore(Pool pool) {
    super(pool);
    this.chargers = new ChargerRows(pool);
    on(AdminStoreAddresses.STATION_LIST, this::list);
    on(AdminStoreAddresses.STATION_GET, this::get);
    on(AdminStoreAddresses.STATION_CREATE, this::create);
    on(AdminStoreAddresses.STATION_UPDATE, this::update);
    on(AdminStoreAddresses.STATION_DELETE, this::delete);
  }

  private Future<JsonObject> list(JsonObject request) {
    Page page = Page.of(request);
    String search = Search.contains(request.getString("search"));
    String where = " WHERE ($1::text IS NULL OR s.name ILIKE $1 OR s.address ILIKE $1)";
    return pool.preparedQuery("SELECT count(*) FROM stations s" + where).execute(Tuple.of(search))
        .compose(count -> pool.preparedQuery("SELECT " + COLUMNS + " FROM stations s" + where
                + " ORDER BY s.id LIMIT $2 OFFSET $3")
            .execute(Tuple.of(search, page.limit(), page.offset()))
            .map(rows -> new JsonObject().put("data", RowJson.all(rows))
                .put("total", count.iterator().next().getLong(0))));
  }

  private Future<JsonObject> one(long id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM stations s WHERE s.id = $1").execute(Tuple.of(id))
        .map(rows -> RowJson.first(rows, "Station", id));
  }

  private Future<JsonObject> get(JsonObject request) {
    long id = request.getLong("id");
    return one(id).compose(station -> chargers.listOfStation(id)
        .map(list -> new JsonObject().put("station", station).put("chargers", list)));
  }

  private Future<JsonObject> create(JsonObject request) {
    List<Object> params = new ArrayList<>();
    String sql = "INSERT INTO stations " + FIELDS.insert(request, params) + " RETURNING id";
    return pool.preparedQuery(sql).execute(Patch.tuple(params))
        .compose(rows -> one(rows.iterator().next().getLong(0)))
        .map(station -> new JsonObject().put("station", station));
  }

  private Future<JsonObject> update(JsonObject request) {
    long id = request.getLong("id");
    List<Object> params = new ArrayList<>();
    String set = FIELDS.set(request, params);
    if (set.isEmpty()) {
      return one(id).map(station -> new JsonObject().put("station", station));
    }
    params.add(id);
    return pool.preparedQuery("UPDATE stations SET " + set + ", updated_at = now() WHERE id = $" + params.size())
        .execute(Patch.tuple(params))
        .compose(result -> result.rowCount() == 0 ? Future.failedFuture(StoreFailure.notFound("Station", id)) : one(id))
        .map(station -> new JsonObject().put("station", station));
  }

  private Future<JsonObject> delete(JsonObject request) {
    long id = request.getLong("id");
    return pool.preparedQuery("DELETE FROM stations WHERE id = $1").execute(Tuple.of(id))
        .compose(result -> result.rowCount() == 0
            ? Future.failedFuture(StoreFailure.notFound("Station", id))
            : Future.succeededFuture(new JsonObject()));
  }
}
