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
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Users, their wallets' ledgers and their vehicle profiles, for the management API. */
public final class UserAdminStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(UserAdminStore.class);
  private static final String SELECT = "SELECT u.id, u.external_subject, u.name, u.email, u.phone, u.rfid_id_tag, u.role,"
      + " u.active AS is_active, u.created_at, u.updated_at, w.id AS wallet_id, w.balance AS wallet_balance,"
      + " w.currency AS wallet_currency FROM users u LEFT JOIN wallets w ON w.user_id = u.id";
  private static final String USER_FILTER = " WHERE ($1::text IS NULL OR u.role = $1)"
      + " AND ($2::text IS NULL OR u.name ILIKE $2 OR u.email ILIKE $2 OR u.rfid_id_tag ILIKE $2)";
  private static final String VEHICLE_COLUMNS = "id, user_id, make, model, year, battery_capacity_kwh, connector_type,"
      + " created_at, updated_at";
  private static final Patch FIELDS = new Patch()
      .field("name", "name", Patch.Type.TEXT)
      .field("email", "email", Patch.Type.TEXT)
      .field("phone", "phone", Patch.Type.TEXT)
      .field("rfidIdTag", "rfid_id_tag", Patch.Type.TEXT)
      .field("role", "role", Patch.Type.TEXT)
      .field("isActive", "active", Patch.Type.BOOL);
  private static final Patch VEHICLE_FIELDS = new Patch()
      .field("userId", "user_id", Patch.Type.BIGINT)
      .field("make", "make", Patch.Type.TEXT)
      .field("model", "model", Patch.Type.TEXT)
      .field("year", "year", Patch.Type.INT)
      .field("batteryCapacityKwh", "battery_capacity_kwh", Patch.Type.NUMERIC)
      .field("connectorType", "connector_type", Patch.Type.TEXT);

  private final Pool pool;

  public UserAdminStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(
        BusEndpoint.serve(vertx, AdminStoreAddresses.USER_ENSURE, LOG, this::ensure),
        BusEndpoint.serve(vertx, AdminStoreAddresses.USER_LIST, LOG, this::list),
        BusEndpoint.serve(vertx, AdminStoreAddresses.USER_GET, LOG,
            request -> one(pool, request.wholeNumber("id")).map(u -> new JsonObject().put("user", u))),
        BusEndpoint.serve(vertx, AdminStoreAddresses.USER_UPDATE, LOG, this::update),
        BusEndpoint.serve(vertx, AdminStoreAddresses.WALLET_LEDGER, LOG, this::ledger),
        BusEndpoint.serve(vertx, AdminStoreAddresses.VEHICLE_LIST, LOG, this::vehicles),
        BusEndpoint.serve(vertx, AdminStoreAddresses.VEHICLE_CREATE, LOG, this::createVehicle),
        BusEndpoint.serve(vertx, AdminStoreAddresses.VEHICLE_UPDATE, LOG, this::updateVehicle),
        BusEndpoint.serve(vertx, AdminStoreAddresses.VEHICLE_DELETE, LOG, this::deleteVehicle));
  }

  /** A USER token's subject becomes a user with an empty wallet on first sight; concurrent firsts make one. */
  private Future<JsonObject> ensure(BusRequest request) {
    String subject = request.text("subject");
    return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO users (external_subject, role) VALUES ($1, 'USER')"
            + " ON CONFLICT (external_subject) DO NOTHING RETURNING id").execute(Tuple.of(subject))
        .compose(inserted -> {
          if (inserted.size() == 1) {
            long id = inserted.iterator().next().getLong(0);
            return conn.preparedQuery("INSERT INTO wallets (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING")
                .execute(Tuple.of(id)).map(v -> new JsonObject().put("userId", id).put("created", true)
                    .put("role", "USER").put("active", true));
          }
          return conn.preparedQuery("SELECT id, role, active FROM users WHERE external_subject = $1").execute(Tuple.of(subject))
              .map(rows -> {
                Row row = rows.iterator().next();
                return new JsonObject().put("userId", row.getLong(0)).put("created", false)
                    .put("role", row.getString(1)).put("active", row.getBoolean(2));
              });
        }));
  }

  private static JsonArray users(RowSet<Row> rows) {
    JsonArray out = new JsonArray();
    for (Row row : rows) {
      JsonObject user = RowJson.of(row);
      Object walletId = user.remove("walletId");
      Object balance = user.remove("walletBalance");
      Object currency = user.remove("walletCurrency");
      user.put("wallet", walletId == null ? null
          : new JsonObject().put("id", walletId).put("balance", balance).put("currency", currency));
      out.add(user);
    }
    return out;
  }

  private static Future<JsonObject> one(SqlClient client, long id) {
    return client.preparedQuery(SELECT + " WHERE u.id = $1").execute(Tuple.of(id)).map(rows -> {
      JsonArray found = users(rows);
      if (found.isEmpty()) {
        throw RequestRefused.missing("user", id);
      }
      return found.getJsonObject(0);
    });
  }

  private Future<JsonObject> list(BusRequest request) {
    Tuple filter = Tuple.of(request.optionalText("role"), Search.contains(request.optionalText("search")));
    return Page.of(request).read(pool, "SELECT count(*) FROM users u" + USER_FILTER,
        SELECT + USER_FILTER + " ORDER BY u.id", filter, rows -> Future.succeededFuture(users(rows)));
  }

  private Future<JsonObject> update(BusRequest request) {
    long id = request.wholeNumber("id");
    List<Object> params = new ArrayList<>();
    String set = FIELDS.set(request, params);
    params.add(id);
    return pool.preparedQuery("UPDATE users SET " + (set.isEmpty() ? "" : set + ", ") + "updated_at = now()"
            + " WHERE id = $" + params.size()).execute(Patch.tuple(params))
        .compose(r -> r.rowCount() == 0 ? Future.failedFuture(RequestRefused.missing("user", id)) : one(pool, id))
        .map(u -> new JsonObject().put("user", u));
  }

  private Future<JsonObject> ledger(BusRequest request) {
    long userId = request.wholeNumber("userId");
    Page page = Page.of(request);
    return pool.preparedQuery("SELECT w.id, w.balance FROM users u LEFT JOIN wallets w ON w.user_id = u.id WHERE u.id = $1")
        .execute(Tuple.of(userId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(RequestRefused.missing("user", userId));
          }
          Row wallet = rows.iterator().next();
          Long walletId = wallet.getLong(0);
          if (walletId == null) {
            return Future.succeededFuture(new JsonObject().put("data", new JsonArray()).put("total", 0)
                .put("walletBalance", "0.00"));
          }
          String balance = wallet.getBigDecimal(1).toPlainString();
          return page.readRows(pool, "SELECT count(*) FROM wallet_ledger WHERE wallet_id = $1",
                  "SELECT id, entry_type AS type, amount, balance_after AS running_balance, charging_transaction_id,"
                      + " description, created_at FROM wallet_ledger WHERE wallet_id = $1 ORDER BY id DESC",
                  Tuple.of(walletId))
              .map(entries -> entries.put("walletBalance", balance));
        });
  }

  private Future<JsonObject> vehicles(BusRequest request) {
    long userId = request.wholeNumber("userId");
    return one(pool, userId).compose(user -> pool.preparedQuery("SELECT " + VEHICLE_COLUMNS
            + " FROM vehicle_profiles WHERE user_id = $1 ORDER BY id").execute(Tuple.of(userId)))
        .map(rows -> new JsonObject().put("data", RowJson.all(rows)));
  }

  private Future<JsonObject> createVehicle(BusRequest request) {
    long userId = request.wholeNumber("userId");
    return one(pool, userId).compose(user -> {
      List<Object> params = new ArrayList<>();
      return pool.preparedQuery("INSERT INTO vehicle_profiles " + VEHICLE_FIELDS.insert(request, params)
          + " RETURNING " + VEHICLE_COLUMNS).execute(Patch.tuple(params));
    }).map(rows -> new JsonObject().put("vehicleProfile", RowJson.of(rows.iterator().next())));
  }

  private Future<JsonObject> updateVehicle(BusRequest request) {
    long userId = request.wholeNumber("userId");
    long id = request.wholeNumber("id");
    BusRequest changes = request.without("userId");
    List<Object> params = new ArrayList<>();
    String set = VEHICLE_FIELDS.set(changes, params);
    params.add(id);
    params.add(userId);
    return pool.preparedQuery("UPDATE vehicle_profiles SET " + (set.isEmpty() ? "" : set + ", ") + "updated_at = now()"
            + " WHERE id = $" + (params.size() - 1) + " AND user_id = $" + params.size() + " RETURNING " + VEHICLE_COLUMNS)
        .execute(Patch.tuple(params))
        .map(rows -> new JsonObject().put("vehicleProfile", RowJson.first(rows, "vehicle profile", id)));
  }

  private Future<JsonObject> deleteVehicle(BusRequest request) {
    long userId = request.wholeNumber("userId");
    long id = request.wholeNumber("id");
    return Deletion.reply(pool, "DELETE FROM vehicle_profiles WHERE id = $1 AND user_id = $2", Tuple.of(id, userId),
        "vehicle profile", id);
  }
}
