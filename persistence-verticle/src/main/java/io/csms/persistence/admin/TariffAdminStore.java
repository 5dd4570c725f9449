package io.csms.persistence.admin;

import io.csms.bus.AdminStoreAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Tariffs and their assignment to chargers, stations, or as the default (see {@link AdminStoreAddresses}). */
public final class TariffAdminStore extends AdminStore {
  private static final String SELECT = "SELECT t.id, t.name, t.price_per_kwh, t.session_fee, t.currency, t.is_default,"
      + " t.active, ARRAY(SELECT c.id FROM chargers c WHERE c.tariff_id = t.id ORDER BY c.id) AS charger_ids,"
      + " ARRAY(SELECT s.id FROM stations s WHERE s.tariff_id = t.id ORDER BY s.id) AS station_ids,"
      + " t.created_at, t.updated_at FROM tariffs t";
  private static final Patch FIELDS = new Patch()
      .field("name", "name", Patch.Type.TEXT)
      .field("pricePerKwh", "price_per_kwh", Patch.Type.NUMERIC)
      .field("sessionFee", "session_fee", Patch.Type.NUMERIC)
      .field("currency", "currency", Patch.Type.TEXT)
      .field("isDefault", "is_default", Patch.Type.BOOL)
      .field("active", "active", Patch.Type.BOOL);

  public TariffAdminStore(Pool pool) {
    super(pool);
    on(AdminStoreAddresses.TARIFF_LIST, this::list);
    on(AdminStoreAddresses.TARIFF_GET, request -> one(pool, request.getLong("id")).map(t -> new JsonObject().put("tariff", t)));
    on(AdminStoreAddresses.TARIFF_CREATE, this::create);
    on(AdminStoreAddresses.TARIFF_UPDATE, this::update);
    on(AdminStoreAddresses.TARIFF_DELETE, this::delete);
  }

  private Future<JsonObject> list(JsonObject request) {
    Page page = Page.of(request);
    return pool.query("SELECT count(*) FROM tariffs").execute()
        .compose(count -> pool.preparedQuery(SELECT + " ORDER BY t.id LIMIT $1 OFFSET $2")
            .execute(Tuple.of(page.limit(), page.offset()))
            .map(rows -> new JsonObject().put("data", RowJson.all(rows)).put("total", count.iterator().next().getLong(0))));
  }

  private static Future<JsonObject> one(SqlClient client, long id) {
    return client.preparedQuery(SELECT + " WHERE t.id = $1").execute(Tuple.of(id))
        .map(rows -> RowJson.first(rows, "Tariff", id));
  }

  private Future<JsonObject> create(JsonObject request) {
    return pool.withTransaction(conn -> clearDefault(conn, request, -1)
        .compose(v -> {
          List<Object> params = new ArrayList<>();
          return conn.preparedQuery("INSERT INTO tariffs " + FIELDS.insert(request, params) + " RETURNING id")
              .execute(Patch.tuple(params));
        })
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(id -> assign(conn, id, request).compose(v -> one(conn, id))))
        .map(t -> new JsonObject().put("tariff", t));
  }

  private Future<JsonObject> update(JsonObject request) {
    long id = request.getLong("id");
    return pool.withTransaction(conn -> clearDefault(conn, request, id)
        .compose(v -> {
          List<Object> params = new ArrayList<>();
          String set = FIELDS.set(request, params);
          params.add(id);
          return conn.preparedQuery("UPDATE tariffs SET " + (set.isEmpty() ? "" : set + ", ") + "updated_at = now()"
              + " WHERE id = $" + params.size()).execute(Patch.tuple(params));
        })
        .compose(r -> r.rowCount() == 0 ? Future.failedFuture(StoreFailure.notFound("Tariff", id)) : assign(conn, id, request))
        .compose(v -> one(conn, id)))
        .map(t -> new JsonObject().put("tariff", t));
  }

  /** Only one default tariff may exist: making one the default first retires the former one. */
  private static Future<Void> clearDefault(SqlConnection conn, JsonObject request, long keep) {
    if (!Boolean.TRUE.equals(request.getBoolean("isDefault"))) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("UPDATE tariffs SET is_default = FALSE, updated_at = now() WHERE is_default AND id <> $1")
        .execute(Tuple.of(keep)).mapEmpty();
  }

  private static Future<Void> assign(SqlConnection conn, long tariffId, JsonObject request) {
    return assignTo(conn, "chargers", tariffId, Patch.array(request, "chargerIds"))
        .compose(v -> assignTo(conn, "stations", tariffId, Patch.array(request, "stationIds")));
  }

  private static Future<Void> assignTo(SqlConnection conn, String table, long tariffId, JsonArray ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] wanted = ids.stream().map(o -> ((Number) o).longValue()).distinct().toArray(Long[]::new);
    return conn.preparedQuery("UPDATE " + table + " SET tariff_id = $1, updated_at = now() WHERE id = ANY($2)")
        .execute(Tuple.of(tariffId).addArrayOfLong(wanted))
        .compose(r -> r.rowCount() == wanted.length ? Future.succeededFuture()
            : Future.failedFuture(StoreFailure.invalid("Some of the " + table + " to assign do not exist")));
  }

  private Future<JsonObject> delete(JsonObject request) {
    long id = request.getLong("id");
    return pool.preparedQuery("DELETE FROM tariffs WHERE id = $1").execute(Tuple.of(id))
        .compose(r -> r.rowCount() == 0
            ? Future.failedFuture(StoreFailure.notFound("Tariff", id))
            : Future.succeededFuture(new JsonObject()));
  }
}
