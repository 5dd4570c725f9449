package io.csms.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.bus.BillingAddresses;
import io.csms.bus.BusFailure;
import io.csms.bus.EventAddresses;
import io.csms.bus.PersistenceAddresses;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One billing verticle settling sessions of one driver at a time: amounts, ledger, failures and retries. */
class SettlementTest extends BillingScenario {
  static long charger;
  static long tariff;

  @BeforeAll
  static void deploy() {
    tariff = bed.tariff("12.3456", "5.00");
    bed.defaultTariff(tariff);
    charger = bed.charger(bed.station(null), null);
    bed.deployBilling(new BillingVerticle(), NO_PERIODIC_SCAN);
  }

  @Test
  void aSessionWithoutEnergyCompletesFreeWithoutTouchingTheWallet() {
    long driver = bed.user();
    bed.fund(driver, "100.00");
    long tx = bed.stoppedTransaction(charger, driver, "0");

    JsonObject reply = bed.settle(tx);

    assertEquals("COMPLETED", reply.getString("outcome"));
    JsonObject row = bed.transaction(tx);
    assertEquals("COMPLETED", row.getString("status"));
    assertEquals(0, new BigDecimal("0.00").compareTo((BigDecimal) row.getValue("amount")), "no session fee");
    assertEquals(new BigDecimal("100.00"), bed.balance(driver));
    assertEquals(0, bed.ledgerEntries(driver, "CHARGE_DEDUCT"));
  }

  @Test
  void aSessionIsChargedItsExactRoundedAmountOnceWithALedgerEntry() {
    long driver = bed.user();
    bed.fund(driver, "100.00");
    // 1.234 kWh x 12.3456 = 15.2344704, + 5.00 fee = 20.2344704 -> 20.23
    long tx = bed.stoppedTransaction(charger, driver, "1234");

    JsonObject first = bed.settle(tx);
    JsonObject second = bed.settle(tx);

    assertEquals("COMPLETED", first.getString("outcome"));
    assertEquals("20.23", first.getString("amount"));
    assertEquals("ALREADY_SETTLED", second.getString("outcome"));
    JsonObject row = bed.transaction(tx);
    assertEquals("COMPLETED", row.getString("status"));
    assertEquals(new BigDecimal("20.23"), row.getValue("amount"));
    assertEquals("INR", row.getString("currency"));
    assertEquals(tariff, ((Number) row.getValue("tariff_id")).longValue());
    assertNotNull(row.getValue("billed_at"));
    assertEquals(new BigDecimal("79.77"), bed.balance(driver));
    assertEquals(1, bed.ledgerEntries(driver, "CHARGE_DEDUCT"));
    JsonObject entry = bed.row("""
        SELECT amount, balance_after, charging_transaction_id FROM wallet_ledger WHERE entry_type = 'CHARGE_DEDUCT'
          AND charging_transaction_id = ?""", tx);
    assertEquals(new BigDecimal("-20.23"), entry.getValue("amount"));
    assertEquals(new BigDecimal("79.77"), entry.getValue("balance_after"));
  }

  @Test
  void halfAPaisaRoundsUpOnTheSessionTotal() {
    long driver = bed.user();
    bed.fund(driver, "10.00");
    long halfPaisa = bed.tariff("0.0500", "0.00");
    long tx = bed.stoppedTransaction(bed.charger(null, halfPaisa), driver, "100");  // 0.1 kWh x 0.05 = 0.005

    assertEquals("0.01", bed.settle(tx).getString("amount"));
    assertEquals(new BigDecimal("9.99"), bed.balance(driver));
  }

  @Test
  void insufficientFundsFailThenATopUpSettlesTheSessionAtOnce() {
    long driver = bed.user();
    bed.fund(driver, "10.00");
    long tx = bed.stoppedTransaction(charger, driver, "1234");  // 20.23

    JsonObject failed = bed.settle(tx);

    assertEquals("BILLING_FAILED", failed.getString("outcome"));
    JsonObject row = bed.transaction(tx);
    assertEquals("BILLING_FAILED", row.getString("status"));
    assertEquals(1, row.getInteger("billing_attempts"));
    assertEquals(60L, ((Number) row.getValue("next_attempt_in_seconds")).longValue());
    assertTrue(row.getString("billing_last_error").contains("insufficient balance"), row.getString("billing_last_error"));
    assertNull(row.getValue("amount"));
    assertEquals(new BigDecimal("10.00"), bed.balance(driver));

    JsonObject event = bed.awaitBilled(tx, () -> bed.topUp(driver, "15.00"));

    assertEquals("COMPLETED", event.getString("outcome"));
    assertEquals("COMPLETED", bed.transaction(tx).getString("status"));
    assertNull(bed.transaction(tx).getValue("billing_next_attempt_at"));
    assertEquals(new BigDecimal("4.77"), bed.balance(driver));
    assertEquals("TOP_UP,TOP_UP,CHARGE_DEDUCT", String.join(",", bed.row("""
        SELECT string_agg(l.entry_type, ',' ORDER BY l.id) AS types FROM wallet_ledger l
        JOIN wallets w ON w.id = l.wallet_id WHERE w.user_id = ?""", driver).getString("types")));
  }

  @Test
  void aStopEventIsEnoughToBillTheSession() {
    long driver = bed.user();
    bed.fund(driver, "50.00");
    long tx = bed.stoppedTransaction(charger, driver, "2000");  // 2 x 12.3456 + 5 = 29.6912 -> 29.69

    JsonObject event = bed.awaitBilled(tx, () -> bed.vertx.eventBus().publish(EventAddresses.TRANSACTION_STOPPED,
        new JsonObject().put("transactionId", tx).put("chargePointId", "CP")));

    assertEquals("29.69", event.getString("amount"));
    assertEquals(new BigDecimal("20.31"), bed.balance(driver));
  }

  @Test
  void aSessionWithoutAUserIsMarkedFailedForGood() {
    long tx = bed.stoppedTransaction(charger, null, "1000");

    JsonObject reply = bed.settle(tx);

    assertEquals("FAILED", reply.getString("outcome"));
    JsonObject row = bed.transaction(tx);
    assertEquals("FAILED", row.getString("status"));
    assertNull(row.getValue("billing_next_attempt_at"), "never retried");
    assertTrue(row.getString("billing_last_error").contains("no user"));
    assertEquals("ALREADY_SETTLED", bed.settle(tx).getString("outcome"));
  }

  @Test
  void settlingARunningOrUnknownTransactionIsRefused() {
    long driver = bed.user();
    long tx = bed.stoppedTransaction(charger, driver, "1000");
    bed.update("UPDATE charging_transactions SET status = 'RUNNING' WHERE id = ?", tx);

    assertEquals(BusFailure.CONFLICT, failureCode(new JsonObject().put("transactionId", tx)));
    assertEquals(BusFailure.NOT_FOUND, failureCode(new JsonObject().put("transactionId", 987654321L)));
    assertEquals(BusFailure.INVALID, failureCode(new JsonObject().put("transactionId", "seven")));
    assertEquals("RUNNING", bed.transaction(tx).getString("status"));
    assertEquals(0, bed.transaction(tx).getInteger("billing_attempts"));
  }

  @Test
  void aLateStopWithMoreEnergyIsChargedTheDifferenceOnceAndLessEnergyIsRefunded() {
    long driver = bed.user();
    bed.fund(driver, "100.00");
    long tx = bed.stoppedTransaction(charger, driver, "1000");  // 12.3456 + 5 = 17.35
    assertEquals("17.35", bed.settle(tx).getString("amount"));

    // A LATE_STOP replaces the reconciled estimate and publishes TRANSACTION_STOPPED again.
    bed.update("UPDATE charging_transactions SET energy_wh = 3000, meter_stop_wh = 3000 WHERE id = ?", tx);
    JsonObject more = bed.settle(tx);  // 3 x 12.3456 + 5 = 42.0368 -> 42.04
    assertEquals("COMPLETED", more.getString("outcome"));
    assertEquals("42.04", more.getString("amount"));
    assertEquals("ALREADY_SETTLED", bed.settle(tx).getString("outcome"));
    assertEquals(new BigDecimal("57.96"), bed.balance(driver));
    assertEquals(1, bed.ledgerEntries(driver, "ADJUSTMENT"));

    bed.update("UPDATE charging_transactions SET energy_wh = 500, meter_stop_wh = 500 WHERE id = ?", tx);
    assertEquals("11.17", bed.settle(tx).getString("amount"));  // 0.5 x 12.3456 + 5 = 11.1728
    assertEquals(new BigDecimal("88.83"), bed.balance(driver));
    assertEquals(1, bed.ledgerEntries(driver, "REFUND"));
    assertEquals(1, bed.ledgerEntries(driver, "CHARGE_DEDUCT"));
    assertEquals(new BigDecimal("11.17"), bed.transaction(tx).getValue("amount"));
  }

  @Test
  void aMeterThatRanBackwardsIsMarkedFailedWithoutChargingAnything() {
    long driver = bed.user();
    bed.fund(driver, "10.00");
    long tx = bed.stoppedTransaction(charger, driver, "-5");

    assertEquals("FAILED", bed.settle(tx).getString("outcome"));
    assertTrue(bed.transaction(tx).getString("billing_last_error").contains("negative energy"));
    assertEquals(new BigDecimal("10.00"), bed.balance(driver));
  }

  @Test
  void aSettlementPricedFromAnOutdatedQuoteChangesNothing() {
    long driver = bed.user();
    bed.fund(driver, "100.00");
    long tx = bed.stoppedTransaction(charger, driver, "1000");
    JsonObject priced = new JsonObject().put("transactionId", tx).put("energyWh", "900").put("amount", "16.11")
        .put("currency", "INR").put("tariffId", tariff).put("status", "STOPPED");

    assertEquals("STALE", bed.request(PersistenceAddresses.BILLING_SETTLE, priced).getString("outcome"));
    assertEquals("STALE", bed.request(PersistenceAddresses.BILLING_SETTLE,
        priced.copy().put("energyWh", "1000").put("status", "BILLING_FAILED")).getString("outcome"));
    JsonObject row = bed.transaction(tx);
    assertEquals("STOPPED", row.getString("status"));
    assertEquals(0, row.getInteger("billing_attempts"));
    assertEquals(new BigDecimal("100.00"), bed.balance(driver));
  }

  private static int failureCode(JsonObject request) {
    try {
      BillingTestBed.await(bed.vertx.eventBus().request(BillingAddresses.SETTLE, request));
      throw new AssertionError("expected a failure");
    } catch (AssertionError e) {
      if (e.getCause() instanceof io.vertx.core.eventbus.ReplyException reply) {
        return reply.failureCode();
      }
      throw e;
    }
  }
}
