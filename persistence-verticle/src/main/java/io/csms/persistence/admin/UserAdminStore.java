package io.csms.persistence.admin;

import io.csms.bus.AdminStoreAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Users, their wallets' ledgers and their vehicle profiles, for the management API. */
public final class UserAdminStore extends AdminStore {
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

  public UserAdminStore(Pool pool) {
    super(pool);
    on(AdminStoreAddresses.USER_ENSURE, this::ensure);
    on(AdminStoreAddresses.USER_LIST, this::list);
    on(AdminStoreAddresses.USER_GET, request -> one(pool, request.getLong("id")).map(u -> new JsonObject().put("user", u)));
    on(AdminStoreAddresses.USER_UPDATE, this::update);
    on(AdminStoreAddresses.WALLET_LEDGER, this::ledger);
    on(AdminStoreAddresses.VEHICLE_LIST, this::vehicles);
    on(AdminStoreAddresses.VEHICLE_CREATE, this::createVehicle);
    on(AdminStoreAddresses.VEHICLE_UPDATE, this::updateVehicle);
    on(AdminStoreAddresses.VEHICLE_DELETE, this::deleteVehicle);
  }

  /** A USER token's subject becomes a user with an empty wallet on first sight; concurrent firsts make one. */
  private Future<JsonObject> ensure(JsonObject request) {
    String subject = request.getString("subject");
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("subject is required");
    }
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
        throw StoreFailure.notFound("User", id);
      }
      return found.getJsonObject(0);
    });
  }

  private Future<JsonObject> list(JsonObject request) {
    Page page = Page.of(request);
    Tuple filter = Tuple.of(request.getString("role"), Search.contains(request.getString("search")));
    return pool.preparedQuery("SELECT count(*) FROM users u" + USER_FILTER).execute(filter)
        .compose(count -> pool.preparedQuery(SELECT + USER_FILTER + " ORDER BY u.id LIMIT $3 OFFSET $4")
            .execute(Tuple.of(filter.getValue(0), filter.getValue(1), page.limit(), page.offset()))
            .map(rows -> new JsonObject().put("data", users(rows)).put("total", count.iterator().next().getLong(0))));
  }

  private Future<JsonObject> update(JsonObject request) {
    long id = request.getLong("id");
    List<Object> params = new ArrayList<>();
    String set = FIELDS.set(request, params);
    params.add(id);
    return pool.preparedQuery("UPDATE users SET " + (set.isEmpty() ? "" : set + ", ") + "updated_at = now()"
            + " WHERE id = $" + params.size()).execute(Patch.tuple(params))
        .compose(r -> r.rowCount() == 0 ? Future.failedFuture(StoreFailure.notFound("User", id)) : one(pool, id))
        .map(u -> new JsonObject().put("user", u));
  }

  private Future<JsonObject> ledger(JsonObject request) {
    long userId = request.getLong("userId");
    Page page = Page.of(request);
    return pool.preparedQuery("SELECT w.id, w.balance FROM users u LEFT JOIN wallets w ON w.user_id = u.id WHERE u.id = $1")
        .execute(Tuple.of(userId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(StoreFailure.notFound("User", userId));
          }
          Row wallet = rows.iterator().next();
          Long walletId = wallet.getLong(0);
          if (walletId == null) {
            return Future.succeededFuture(new JsonObject().put("data", new JsonArray()).put("total", 0)
                .put("walletBalance", "0.00"));
          }
          String balance = wallet.getBigDecimal(1).toPlainString();
          return pool.preparedQuery("SELECT count(*) FROM wallet_ledger WHERE wallet_id = $1").execute(Tuple.of(walletId))
              .compose(count -> pool.preparedQuery("SELECT id, entry_type AS type, amount, balance_after AS running_balance,"
                      + " charging_transaction_id, description, created_at FROM wallet_ledger WHERE wallet_id = $1"
                      + " ORDER BY id DESC LIMIT $2 OFFSET $3").execute(Tuple.of(walletId, page.limit(), page.offset()))
                  .map(entries -> new JsonObject().put("data", RowJson.all(entries))
                      .put("total", count.iterator().next().getLong(0)).put("walletBalance", balance)));
        });
  }

  private Future<JsonObject> vehicles(JsonObject request) {
    long userId = request.getLong("userId");
    return one(pool, userId).compose(user -> pool.preparedQuery("SELECT " + VEHICLE_COLUMNS
            + " FROM vehicle_profiles WHERE user_id = $1 ORDER BY id").execute(Tuple.of(userId)))
        .map(rows -> new JsonObject().put("data", RowJson.all(rows)));
  }

  private Future<JsonObject> createVehicle(JsonObject request) {
    long userId = request.getLong("userId");
    return one(pool, userId).compose(user -> {
      List<Object> params = new ArrayList<>();
      return pool.preparedQuery("INSERT INTO vehicle_profiles " + VEHICLE_FIELDS.insert(request, params)
          + " RETURNING " + VEHICLE_COLUMNS).execute(Patch.tuple(params));
    }).map(rows -> new JsonObject().put("vehicleProfile", RowJson.of(rows.iterator().next())));
  }

  private Future<JsonObject> updateVehicle(JsonObject request) {
    long userId = request.getLong("userId");
    long id = request.getLong("id");
    JsonObject changes = request.copy();
    changes.remove("userId");
    List<Object> params = new ArrayList<>();
    String set = VEHICLE_FIELDS.set(changes, params);
    params.add(id);
    params.add(userId);
    return pool.preparedQuery("UPDATE vehicle_profiles SET " + (set.isEmpty() ? "" : set + ", ") + "updated_at = now()"
            + " WHERE id = $" + (params.size() - 1) + " AND user_id = $" + params.size() + " RETURNING " + VEHICLE_COLUMNS)
        .execute(Patch.tuple(params))
        .map(rows -> new JsonObject().put("vehicleProfile", RowJson.first(rows, "Vehicle profile", id)));
  }

  private Future<JsonObject> deleteVehicle(JsonObject request) {
    long userId = request.getLong("userId");
    long id = request.getLong("id");
    return pool.preparedQuery("DELETE FROM vehicle_profiles WHERE id = $1 AND user_id = $2").execute(Tuple.of(id, userId))
        .compose(r -> r.rowCount() == 0
            ? Future.failedFuture(StoreFailure.notFound("Vehicle profile", id))
            : Future.succeededFuture(new JsonObject()));
  }
}
