package io.csms.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.csms.bus.EventAddresses;
import io.csms.bus.PersistenceAddresses;
import io.csms.testing.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A deployed persistence verticle on a fresh database, driven as the other verticles drive it: requests on
 * the event bus, and plain SQL over JDBC to look at what was committed. Test threads block on futures; the
 * verticle itself runs on its event loop.
 */
public final class PersistenceBus implements AutoCloseable {
  private final Vertx vertx;
  private final TestDatabase db;
  private final JsonObject config;
  private String deploymentId;

  private PersistenceBus(Vertx vertx, TestDatabase db, JsonObject config) {
    this.vertx = vertx;
    this.db = db;
    this.config = config;
  }

  /** A fresh database and the verticle deployed on it; {@code persistence} overrides that config section. */
  public static PersistenceBus start(Vertx vertx, JsonObject extraConfig) {
    TestDatabase db = TestDatabase.create();
    JsonObject config = new JsonObject().put("database", new JsonObject().put("url", db.url()))
        // The timer-driven scan would race the tests that run a scan themselves.
        .put("persistence", new JsonObject().put("reconciliationScanSeconds", 0))
        .mergeIn(extraConfig, true);
    PersistenceBus bus = new PersistenceBus(vertx, db, config);
    bus.deploy();
    return bus;
  }

  public static PersistenceBus start(Vertx vertx) {
    return start(vertx, new JsonObject());
  }

  public void deploy() {
    deploymentId = await(vertx.deployVerticle(new PersistenceVerticle(), new DeploymentOptions().setConfig(config)));
  }

  public void undeploy() {
    await(vertx.undeploy(deploymentId));
    deploymentId = null;
  }

  public TestDatabase db() {
    return db;
  }

  public JsonObject config() {
    return config;
  }

  public JsonObject request(String address, JsonObject body) {
    return await(vertx.eventBus().<JsonObject>request(address, body)).body();
  }

  /** Sends a request that must fail, and answers the failure code. */
  public int failureCode(String address, Object body) {
    return failure(address, body).failureCode();
  }

  /** Sends a request that must fail, and answers how it failed. */
  public ReplyException failure(String address, Object body) {
    try {
      vertx.eventBus().request(address, body).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return assertInstanceOf(ReplyException.class, e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError(address + " should have failed for " + body);
  }

  /** The next TRANSACTION_STOPPED event for this transaction; call before the action that publishes it. */
  public Future<JsonObject> stoppedEvent(long transactionId) {
    Promise<JsonObject> event = Promise.promise();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(EventAddresses.TRANSACTION_STOPPED);
    consumer.handler(message -> {
      if (message.body().getLong("transactionId") == transactionId) {
        consumer.unregister();
        event.tryComplete(message.body());
      }
    });
    await(consumer.completion());
    return event.future();
  }

  public List<Map<String, Object>> rows(String sql, Object... params) {
    return db.rows(sql, params);
  }


  public Map<String, Object> row(String sql, Object... params) {
    List<Map<String, Object>> rows = rows(sql, params);
    assertEquals(1, rows.size(), "rows of " + sql);
    return rows.get(0);
  }

  public Object value(String sql, Object... params) {
    return row(sql, params).values().iterator().next();
  }

  public long count(String sql, Object... params) {
    return ((Number) value(sql, params)).longValue();
  }

  public void execute(String sql, Object... params) {
    try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      st.execute();
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }

  /** Registers a charge point the way an operator would (the API's job in production); answers its id. */
  public long charger(String chargePointId) {
    return ((Number) value("INSERT INTO chargers (charge_point_id) VALUES (?) RETURNING id", chargePointId))
        .longValue();
  }

  /** Starts a session as a StartTransaction would (idTag status Accepted); answers its transaction id. */
  public long session(String chargePointId, int connectorId, String idTag, long meterStart, String timestamp) {
    return request(PersistenceAddresses.TRANSACTION_START, new JsonObject().put("chargePointId", chargePointId)
        .put("connectorId", connectorId).put("idTag", idTag).put("meterStart", meterStart)
        .put("timestamp", timestamp).put("idTagStatus", "Accepted")).getLong("transactionId");
  }

  /** A driver with an RFID card and a wallet holding {@code balance}; answers the user id. */
  public long driver(String idTag, String balance) {
    long userId = ((Number) value("INSERT INTO users (name, rfid_id_tag) VALUES (?, ?) RETURNING id",
        "Driver " + idTag, idTag)).longValue();
    execute("INSERT INTO wallets (user_id, balance) VALUES (?, ?::numeric)", userId, balance);
    return userId;
  }

  /**
   * Waits until {@code condition} holds, checking every few milliseconds, for work that by contract sends no
   * event when it is done (the fire-and-forget audit log). Fails after ten seconds.
   */
  public static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Undeploys the verticle (its audit log flushes, its pool closes) and drops the database. */
  @Override
  public void close() {
    try {
      if (deploymentId != null) {
        undeploy();
      }
    } finally {
      db.close();
    }
  }
}
