package io.csms.billing;

import io.csms.bus.BillingAddresses;
import io.csms.bus.EventAddresses;
import io.csms.bus.PersistenceAddresses;
import io.csms.persistence.PersistenceVerticle;
import io.csms.testing.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real PostgreSQL database, the real persistence verticle and billing verticles on one Vert.x, plus
 * the plain SQL a test uses to arrange charging transactions and read back what billing did.
 */
final class BillingTestBed implements AutoCloseable {
  private static final AtomicLong NAMES = new AtomicLong();

  final Vertx vertx = Vertx.vertx();
  final TestDatabase db = TestDatabase.create();
  private Connection jdbc;
  private final Set<String> billingDeployments = new java.util.LinkedHashSet<>();

  BillingTestBed() {
    await(vertx.deployVerticle(new PersistenceVerticle(), new DeploymentOptions().setConfig(config(new JsonObject()))));
  }

  JsonObject config(JsonObject billing) {
    return new JsonObject().put("database", new JsonObject().put("url", db.url())).put("billing", billing);
  }

  /**
   * Deploys a billing verticle with these {@code billing} settings and waits until the scan it runs at
   * start is over, so that it does not race what the test does next; answers its deployment id.
   */
  String deployBilling(BillingVerticle verticle, JsonObject billing) {
    String id = await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config(billing))));
    billingDeployments.add(id);
    await(verticle.scanNow());
    return id;
  }

  void undeployBilling(String deploymentId) {
    if (billingDeployments.remove(deploymentId)) {
      await(vertx.undeploy(deploymentId));
    }
  }

  void undeployAllBilling() {
    List.copyOf(billingDeployments).forEach(this::undeployBilling);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("the future failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  // ---- arranging ------------------------------------------------------------------------------------

  long user() {
    return insert("INSERT INTO users (name, rfid_id_tag) VALUES (?, ?) RETURNING id", "driver", "TAG" + NAMES.incrementAndGet());
  }

  long tariff(String pricePerKwh, String sessionFee) {
    return insert("INSERT INTO tariffs (name, price_per_kwh, session_fee) VALUES (?, ?::numeric, ?::numeric) RETURNING id",
        "tariff " + NAMES.incrementAndGet(), pricePerKwh, sessionFee);
  }

  /** Makes this tariff the default one (null: no default tariff at all). */
  void defaultTariff(Long tariffId) {
    update("UPDATE tariffs SET is_default = FALSE WHERE is_default");
    if (tariffId != null) {
      update("UPDATE tariffs SET is_default = TRUE WHERE id = ?", tariffId);
    }
  }

  long station(Long tariffId) {
    return insert("INSERT INTO stations (name, tariff_id) VALUES (?, ?) RETURNING id", "station", tariffId);
  }

  long charger(Long stationId, Long tariffId) {
    return insert("INSERT INTO chargers (charge_point_id, station_id, tariff_id) VALUES (?, ?, ?) RETURNING id",
        "CP" + NAMES.incrementAndGet(), stationId, tariffId);
  }

  /** A charging transaction as a committed StopTransaction leaves it: STOPPED with its energy. */
  long stoppedTransaction(long chargerId, Long userId, String energyWh) {
    return insert("""
        INSERT INTO charging_transactions (charger_id, connector_id, user_id, id_tag, meter_start_wh, meter_stop_wh,
            energy_wh, start_time, stop_time, status, stop_source)
        VALUES (?, 1, ?, ?, 0, ?::numeric, ?::numeric, now() - interval '1 hour', now(), 'STOPPED', 'CHARGER')
        RETURNING id""", chargerId, userId, "TX" + NAMES.incrementAndGet(), energyWh, energyWh);
  }

  /**
   * Credits the wallet with plain SQL (a TOP_UP entry, consistent with the balance) without announcing it,
   * so no top-up retry races the test's own settlement.
   */
  void fund(long userId, String amount) {
    row("""
        WITH w AS (
          INSERT INTO wallets (user_id, balance) VALUES (?, ?::numeric)
          ON CONFLICT (user_id) DO UPDATE SET balance = wallets.balance + EXCLUDED.balance
          RETURNING id, balance)
        INSERT INTO wallet_ledger (wallet_id, entry_type, amount, balance_after, description)
        SELECT w.id, 'TOP_UP', ?::numeric, w.balance, 'test funds' FROM w RETURNING id""", userId, amount, amount);
  }

  /** Credits the wallet through the real top-up address (which makes billing retry the user's failures). */
  JsonObject topUp(long userId, String amount) {
    return request(PersistenceAddresses.WALLET_TOP_UP, new JsonObject().put("userId", userId).put("amount", amount));
  }

  JsonObject settle(long transactionId) {
    return request(BillingAddresses.SETTLE, new JsonObject().put("transactionId", transactionId));
  }

  JsonObject request(String address, JsonObject body) {
    return await(vertx.eventBus().<JsonObject>request(address, body).map(Message::body));
  }

  /**
   * Runs {@code action} and waits for the {@link EventAddresses#TRANSACTION_SETTLED} event of these
   * transactions (the first event of each); answers the events by transaction id.
   */
  Map<Long, JsonObject> awaitBilled(Collection<Long> transactionIds, Runnable action) {
    Map<Long, JsonObject> events = new ConcurrentHashMap<>();
    Promise<Map<Long, JsonObject>> all = Promise.promise();
    Set<Long> expected = Set.copyOf(transactionIds);
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(EventAddresses.TRANSACTION_SETTLED, event -> {
      long id = event.body().getLong("transactionId");
      if (expected.contains(id)) {
        events.putIfAbsent(id, event.body());
        if (events.size() == expected.size()) {
          all.tryComplete(events);
        }
      }
    });
    await(consumer.completion());
    try {
      action.run();
      return await(all.future());
    } finally {
      await(consumer.unregister());
    }
  }

  JsonObject awaitBilled(long transactionId, Runnable action) {
    return awaitBilled(List.of(transactionId), action).get(transactionId);
  }

  // ---- reading back ----------------------------------------------------------------------------------

  /** The billing columns of a transaction, numbers as BigDecimal, instants as OffsetDateTime. */
  JsonObject transaction(long id) {
    return row("""
        SELECT status, amount, currency, tariff_id, billing_attempts, billing_next_attempt_at::text,
               billing_last_error, billed_at::text, billed_energy_wh,
               extract(epoch FROM billing_next_attempt_at - updated_at)::bigint AS next_attempt_in_seconds
        FROM charging_transactions WHERE id = ?""", id);
  }

  BigDecimal balance(long userId) {
    Object balance = row("SELECT COALESCE((SELECT balance FROM wallets WHERE user_id = ?), 0) AS balance", userId)
        .getValue("balance");
    return (BigDecimal) balance;
  }

  long ledgerEntries(long userId, String entryType) {
    return ((Number) row("""
        SELECT count(*) AS n FROM wallet_ledger l JOIN wallets w ON w.id = l.wallet_id
        WHERE w.user_id = ? AND l.entry_type = ?""", userId, entryType).getValue("n")).longValue();
  }

  JsonObject row(String sql, Object... params) {
    try (PreparedStatement st = prepare(connection(), sql, params); ResultSet rs = st.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      ResultSetMetaData meta = rs.getMetaData();
      JsonObject row = new JsonObject();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        row.put(meta.getColumnLabel(i), rs.getObject(i));
      }
      return row;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  int update(String sql, Object... params) {
    try (PreparedStatement st = prepare(connection(), sql, params)) {
      return st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** One autocommit connection for the test thread's arranging and reading back. */
  private Connection connection() throws SQLException {
    if (jdbc == null) {
      jdbc = db.connect();
    }
    return jdbc;
  }

  private long insert(String sql, Object... params) {
    return ((Number) row(sql, params).getValue("id")).longValue();
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
    PreparedStatement st = c.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      st.setObject(i + 1, params[i]);
    }
    return st;
  }

  @Override
  public void close() {
    try {
      if (jdbc != null) {
        jdbc.close();
      }
    } catch (SQLException ignored) {
      // the database is dropped next
    }
    await(vertx.close());
    db.close();
  }
}
