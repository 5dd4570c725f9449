package io.csms.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.bus.BillingAddresses;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The status-driven retry scan: exponential backoff up to the cap, giving up after giveUpHours, claims
 * that keep scanners apart, and stops committed while no billing verticle ran. The periodic scan is set
 * to an hour so that only the scans a test triggers run.
 */
class RetryScanTest extends BillingScenario {
  static final JsonObject BILLING = NO_PERIODIC_SCAN.copy().put("retryBaseSeconds", 60).put("retryCapSeconds", 3600)
      .put("giveUpHours", 24);
  static BillingVerticle billing;
  static String deployment;
  static long charger;

  @BeforeAll
  static void deploy() {
    bed.defaultTariff(bed.tariff("10.0000", "0.00"));   // 1 kWh -> 10.00
    charger = bed.charger(null, null);
    billing = new BillingVerticle();
    deployment = bed.deployBilling(billing, BILLING);
  }

  private static void makeDue(long tx) {
    bed.update("UPDATE charging_transactions SET billing_next_attempt_at = now() - interval '1 second' WHERE id = ?", tx);
  }

  @Test
  void failedBillingIsRetriedWithDoublingDelaysUpToTheCapThenGivenUpButATopUpStillBillsIt() {
    long driver = bed.user();   // no wallet at all
    long tx = bed.stoppedTransaction(charger, driver, "1000");
    long[] expectedDelays = {60, 120, 240, 480, 960, 1920, 3600, 3600};

    for (int attempt = 1; attempt <= expectedDelays.length; attempt++) {
      if (attempt > 1) {
        makeDue(tx);
      }
      BillingTestBed.await(billing.scanNow());
      JsonObject row = bed.transaction(tx);
      assertEquals("BILLING_FAILED", row.getString("status"));
      assertEquals(attempt, row.getInteger("billing_attempts"));
      assertEquals(expectedDelays[attempt - 1], ((Number) row.getValue("next_attempt_in_seconds")).longValue(),
          "delay after attempt " + attempt);
      assertTrue(row.getString("billing_last_error").contains("insufficient balance"));
    }

    // Not due: a scan leaves it alone.
    BillingTestBed.await(billing.scanNow());
    assertEquals(expectedDelays.length, bed.transaction(tx).getInteger("billing_attempts"));

    // Failing for longer than giveUpHours: the next failure schedules nothing more.
    bed.update("UPDATE charging_transactions SET billing_failing_since = now() - interval '25 hours' WHERE id = ?", tx);
    makeDue(tx);
    BillingTestBed.await(billing.scanNow());
    JsonObject givenUp = bed.transaction(tx);
    assertEquals("BILLING_FAILED", givenUp.getString("status"));
    assertEquals(expectedDelays.length + 1, givenUp.getInteger("billing_attempts"));
    assertNull(givenUp.getValue("billing_next_attempt_at"));
    assertNotNull(givenUp.getValue("billing_last_error"));
    assertEquals(0, BillingTestBed.await(billing.scanNow()).getInteger("claimed"));

    // The driver pays in: their given-up session is billed at once.
    JsonObject billed = bed.awaitBilled(tx, () -> bed.topUp(driver, "25.00"));
    assertEquals("COMPLETED", billed.getString("outcome"));
    assertEquals(new BigDecimal("15.00"), bed.balance(driver));
  }

  @Test
  void stopsCommittedWhileNoBillingVerticleRanAreBilledWhenOneStarts() {
    bed.undeployBilling(deployment);
    long driver = bed.user();
    bed.fund(driver, "100.00");
    long first = bed.stoppedTransaction(charger, driver, "1000");
    long second = bed.stoppedTransaction(charger, driver, "2500");

    billing = new BillingVerticle();
    bed.awaitBilled(List.of(first, second), () -> deployment = bed.deployBilling(billing, BILLING));

    assertEquals("COMPLETED", bed.transaction(first).getString("status"));
    assertEquals("COMPLETED", bed.transaction(second).getString("status"));
    assertEquals(new BigDecimal("65.00"), bed.balance(driver));
  }

  @Test
  void aLiveClaimOfAnotherScannerIsRespectedAndAnExpiredOneIsTakenOver() {
    long driver = bed.user();
    bed.fund(driver, "100.00");
    long tx = bed.stoppedTransaction(charger, driver, "1000");
    bed.update("UPDATE charging_transactions SET billing_claimed_until = now() + interval '1 hour' WHERE id = ?", tx);

    BillingTestBed.await(billing.scanNow());
    assertEquals("STOPPED", bed.transaction(tx).getString("status"));

    // That scanner died: its lease runs out.
    bed.update("UPDATE charging_transactions SET billing_claimed_until = now() - interval '1 second' WHERE id = ?", tx);
    BillingTestBed.await(billing.scanNow());
    assertEquals("COMPLETED", bed.transaction(tx).getString("status"));
    assertNull(bed.row("SELECT billing_claimed_until FROM charging_transactions WHERE id = ?", tx)
        .getValue("billing_claimed_until"));
    assertEquals(new BigDecimal("90.00"), bed.balance(driver));
  }

  @Test
  void aCompletedSessionWhoseEnergyChangedUnnoticedIsCorrectedByTheScan() {
    long driver = bed.user();
    bed.fund(driver, "100.00");
    long tx = bed.stoppedTransaction(charger, driver, "1000");
    bed.settle(tx);
    // A LATE_STOP whose event no billing verticle received.
    bed.update("UPDATE charging_transactions SET energy_wh = 1500 WHERE id = ?", tx);

    BillingTestBed.await(billing.scanNow());

    assertEquals(new BigDecimal("15.00"), bed.transaction(tx).getValue("amount"));
    assertEquals(new BigDecimal("85.00"), bed.balance(driver));
    assertEquals(1, bed.ledgerEntries(driver, "ADJUSTMENT"));
  }

  @Test
  void anOperatorRunsAScanOverTheBus() {
    long driver = bed.user();
    bed.fund(driver, "100.00");
    long tx = bed.stoppedTransaction(charger, driver, "1000");

    JsonObject scanned = bed.request(BillingAddresses.SCAN, new JsonObject());

    assertTrue(scanned.getInteger("completed") >= 1, scanned.encode());
    assertEquals("COMPLETED", bed.transaction(tx).getString("status"));
    assertEquals(new BigDecimal("90.00"), bed.balance(driver));
  }
}
