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
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tariffs and their assignment to chargers, stations, or as the default (see {@link AdminStoreAddresses}). */
public final class TariffAdminStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(TariffAdminStore.class);
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

  private final Pool pool;

  public TariffAdminStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(
        BusEndpoint.serve(vertx, AdminStoreAddresses.TARIFF_LIST, LOG, this::list),
        BusEndpoint.serve(vertx, AdminStoreAddresses.TARIFF_GET, LOG,
            request -> one(pool, request.wholeNumber("id")).map(t -> new JsonObject().put("tariff", t))),
        BusEndpoint.serve(vertx, AdminStoreAddresses.TARIFF_CREATE, LOG, this::create),
        BusEndpoint.serve(vertx, AdminStoreAddresses.TARIFF_UPDATE, LOG, this::update),
        BusEndpoint.serve(vertx, AdminStoreAddresses.TARIFF_DELETE, LOG, this::delete));
  }

  private Future<JsonObject> list(BusRequest request) {
    return Page.of(request).readRows(pool, "SELECT count(*) FROM tariffs", SELECT + " ORDER BY t.id", Tuple.tuple());
  }

  private static Future<JsonObject> one(SqlClient client, long id) {
    return client.preparedQuery(SELECT + " WHERE t.id = $1").execute(Tuple.of(id))
        .map(rows -> RowJson.first(rows, "tariff", id));
  }

  private Future<JsonObject> create(BusRequest request) {
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

  private Future<JsonObject> update(BusRequest request) {
    long id = request.wholeNumber("id");
    return pool.withTransaction(conn -> clearDefault(conn, request, id)
        .compose(v -> {
          List<Object> params = new ArrayList<>();
          String set = FIELDS.set(request, params);
          params.add(id);
          return conn.preparedQuery("UPDATE tariffs SET " + (set.isEmpty() ? "" : set + ", ") + "updated_at = now()"
              + " WHERE id = $" + params.size()).execute(Patch.tuple(params));
        })
        .compose(r -> r.rowCount() == 0 ? Future.failedFuture(RequestRefused.missing("tariff", id)) : assign(conn, id, request))
        .compose(v -> one(conn, id)))
        .map(t -> new JsonObject().put("tariff", t));
  }

  /** Only one default tariff may exist: making one the default first retires the former one. */
  private static Future<Void> clearDefault(SqlConnection conn, BusRequest request, long keep) {
    if (!Boolean.TRUE.equals(request.optionalBool("isDefault"))) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("UPDATE tariffs SET is_default = FALSE, updated_at = now() WHERE is_default AND id <> $1")
        .execute(Tuple.of(keep)).mapEmpty();
  }

  private static Future<Void> assign(SqlConnection conn, long tariffId, BusRequest request) {
    Long[] chargers = request.optionalIds("chargerIds");
    Long[] stations = request.optionalIds("stationIds");
    return assignTo(conn, "chargers", tariffId, chargers).compose(v -> assignTo(conn, "stations", tariffId, stations));
  }

  private static Future<Void> assignTo(SqlConnection conn, String table, long tariffId, Long[] wanted) {
    if (wanted.length == 0) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("UPDATE " + table + " SET tariff_id = $1, updated_at = now() WHERE id = ANY($2)")
        .execute(Tuple.of(tariffId).addArrayOfLong(wanted))
        .compose(r -> r.rowCount() == wanted.length ? Future.succeededFuture()
            : Future.failedFuture(RequestRefused.invalid("some of the " + table + " to assign do not exist")));
  }

  private Future<JsonObject> delete(BusRequest request) {
    long id = request.wholeNumber("id");
    return Deletion.reply(pool, "DELETE FROM tariffs WHERE id = $1", Tuple.of(id), "tariff", id);
  }
}
