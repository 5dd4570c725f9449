package io.csms.persistence.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.csms.bus.BusFailure;
import io.csms.bus.EventAddresses;
import io.csms.bus.PersistenceAddresses;
import io.csms.persistence.PersistenceVerticle;
import io.csms.testing.TestDatabase;
import io.csms.testing.WalletLedgerAudit;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Top-ups, refunds and adjustments through the real persistence verticle. */
@ExtendWith(VertxExtension.class)
class WalletLedgerTest {
  static TestDatabase db;
  static Vertx vertx;
  static int users;

  @BeforeAll
  static void deploy() {
    db = TestDatabase.create();
    vertx = Vertx.vertx();
    await(vertx.deployVerticle(new PersistenceVerticle(), new DeploymentOptions()
        .setConfig(new JsonObject().put("database", new JsonObject().put("url", db.url())))));
  }

  @AfterEach
  void ledgerAddsUp() {
    WalletLedgerAudit.assertConsistent(db);
  }

  @AfterAll
  static void close() {
    await(vertx.close());
    db.close();
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static long user() {
    return (Long) sql("INSERT INTO users (name) VALUES ('driver " + ++users + "') RETURNING id");
  }

  static Object sql(String query) {
    try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
      return rs.next() ? rs.getObject(1) : null;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonObject request(String address, JsonObject body) {
    return await(vertx.eventBus().<JsonObject>request(address, body).map(Message::body));
  }

  static int failure(String address, Object body) {
    try {
      await(vertx.eventBus().request(address, body));
    } catch (AssertionError e) {
      if (e.getCause() instanceof ReplyException reply) {
        return reply.failureCode();
      }
      throw e;
    }
    throw new AssertionError("expected " + address + " to fail for " + body);
  }

  static JsonObject topUp(long userId, String amount, String key) {
    return request(PersistenceAddresses.WALLET_TOP_UP,
        new JsonObject().put("userId", userId).put("amount", amount).put("idempotencyKey", key));
  }

  @Test
  void aTopUpCreatesTheWalletCreditsItAndAnnouncesIt() {
    long driver = user();
    Promise<JsonObject> announced = Promise.promise();
    MessageConsumer<JsonObject> events = vertx.eventBus().consumer(EventAddresses.WALLET_TOPPED_UP, event -> {
      if (event.body().getLong("userId") == driver) {
        announced.tryComplete(event.body());
      }
    });
    await(events.completion());

    JsonObject reply = topUp(driver, "250.5", null);

    assertEquals("250.50", reply.getString("walletBalance"));
    assertFalse(reply.getBoolean("duplicate"));
    assertEquals(driver, await(announced.future()).getLong("userId"));
    await(events.unregister());
    assertEquals("250.50", sql("SELECT balance::text FROM wallets WHERE user_id = " + driver));
    assertEquals("TOP_UP 250.50 -> 250.50 (" + reply.getLong("ledgerEntryId") + ")", sql("""
        SELECT l.entry_type || ' ' || l.amount || ' -> ' || l.balance_after || ' (' || l.id || ')'
        FROM wallet_ledger l JOIN wallets w ON w.id = l.wallet_id WHERE w.user_id = """ + driver));
  }

  @Test
  void theSameIdempotencyKeyTopsUpOnceEvenWhenSentConcurrently() {
    long driver = user();
    List<Future<JsonObject>> attempts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      attempts.add(vertx.eventBus().<JsonObject>request(PersistenceAddresses.WALLET_TOP_UP, new JsonObject()
          .put("userId", driver).put("amount", "100.00").put("idempotencyKey", "pay-42")).map(Message::body));
    }
    await(Future.all(attempts));

    long fresh = attempts.stream().filter(f -> !f.result().getBoolean("duplicate")).count();
    assertEquals(1, fresh);
    assertEquals(1, attempts.stream().map(f -> f.result().getLong("ledgerEntryId")).distinct().count());
    assertEquals("100.00", topUp(driver, "100.00", "pay-42").getString("walletBalance"));
    assertEquals("200.00", topUp(driver, "100.00", "pay-43").getString("walletBalance"));
    assertEquals(BusFailure.CONFLICT, failure(PersistenceAddresses.WALLET_TOP_UP,
        new JsonObject().put("userId", driver).put("amount", "99.00").put("idempotencyKey", "pay-42")));
    assertEquals("200.00", sql("SELECT balance::text FROM wallets WHERE user_id = " + driver));
  }

  @Test
  void malformedTopUpsAreRefusedAndWriteNothing() {
    long driver = user();
    for (Object amount : new Object[] {"0", "-5.00", "1.005", "abc", 10, "10000000000.00", null}) {
      assertEquals(BusFailure.INVALID, failure(PersistenceAddresses.WALLET_TOP_UP,
          new JsonObject().put("userId", driver).put("amount", amount)), "amount " + amount);
    }
    assertEquals(BusFailure.INVALID, failure(PersistenceAddresses.WALLET_TOP_UP,
        new JsonObject().put("userId", "me").put("amount", "1.00")));
    assertEquals(BusFailure.INVALID, failure(PersistenceAddresses.WALLET_TOP_UP, "not json"));
    assertEquals(BusFailure.NOT_FOUND, failure(PersistenceAddresses.WALLET_TOP_UP,
        new JsonObject().put("userId", 99_999_999L).put("amount", "1.00")));
    assertEquals(0L, sql("SELECT count(*) FROM wallets WHERE user_id = " + driver));
  }

  @Test
  void operatorsRefundAndAdjustButCannotOverdrawTheWallet() {
    long driver = user();
    topUp(driver, "50.00", null);

    JsonObject refund = request(PersistenceAddresses.WALLET_ADJUST, new JsonObject().put("userId", driver)
        .put("entryType", "REFUND").put("amount", "5.25").put("description", "goodwill"));
    assertEquals("55.25", refund.getString("walletBalance"));
    JsonObject debit = request(PersistenceAddresses.WALLET_ADJUST, new JsonObject().put("userId", driver)
        .put("entryType", "ADJUSTMENT").put("amount", "-55.25").put("description", "correction"));
    assertEquals("0.00", debit.getString("walletBalance"));

    assertEquals(BusFailure.CONFLICT, failure(PersistenceAddresses.WALLET_ADJUST, new JsonObject()
        .put("userId", driver).put("entryType", "ADJUSTMENT").put("amount", "-0.01").put("description", "x")));
    assertEquals(BusFailure.INVALID, failure(PersistenceAddresses.WALLET_ADJUST, new JsonObject()
        .put("userId", driver).put("entryType", "REFUND").put("amount", "-1.00").put("description", "x")));
    assertEquals(BusFailure.INVALID, failure(PersistenceAddresses.WALLET_ADJUST, new JsonObject()
        .put("userId", driver).put("entryType", "TOP_UP").put("amount", "1.00").put("description", "x")));
    assertEquals(BusFailure.INVALID, failure(PersistenceAddresses.WALLET_ADJUST, new JsonObject()
        .put("userId", driver).put("entryType", "REFUND").put("amount", "1.00")));
    assertEquals(BusFailure.NOT_FOUND, failure(PersistenceAddresses.WALLET_ADJUST, new JsonObject()
        .put("userId", driver).put("entryType", "REFUND").put("amount", "1.00").put("description", "x")
        .put("transactionId", 123_456_789L)));

    assertEquals("TOP_UP 50.00 -> 50.00, REFUND 5.25 -> 55.25, ADJUSTMENT -55.25 -> 0.00", sql("""
        SELECT string_agg(l.entry_type || ' ' || l.amount || ' -> ' || l.balance_after, ', ' ORDER BY l.id)
        FROM wallet_ledger l JOIN wallets w ON w.id = l.wallet_id WHERE w.user_id = """ + driver));
  }
}
