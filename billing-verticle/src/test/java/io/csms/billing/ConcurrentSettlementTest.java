package io.csms.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.csms.bus.EventAddresses;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many sessions of one wallet stopping at once, several billing verticles, and one stopped mid-way. */
class ConcurrentSettlementTest extends BillingScenario {
  static final String PRICE = "12.3456";
  static final String FEE = "1.50";
  static long charger;

  @BeforeAll
  static void arrange() {
    charger = bed.charger(null, bed.tariff(PRICE, FEE));
  }

  @AfterEach
  void undeployBilling() {
    bed.undeployAllBilling();
  }

  /** The expected price, computed here independently of the production code. */
  private static BigDecimal price(String energyWh) {
    return new BigDecimal(energyWh).divide(new BigDecimal(1000)).multiply(new BigDecimal(PRICE))
        .add(new BigDecimal(FEE)).setScale(2, RoundingMode.HALF_UP);
  }

  private static void publishStops(List<Long> transactions) {
    for (long tx : transactions) {
      bed.vertx.eventBus().publish(EventAddresses.TRANSACTION_STOPPED,
          new JsonObject().put("transactionId", tx).put("chargePointId", "CP"));
    }
  }

  @Test
  void twoHundredSessionsStoppingAtOnceOnOneWalletWithTwoBillingVerticlesAreEachBilledOnce() {
    BillingVerticle first = new BillingVerticle();
    BillingVerticle second = new BillingVerticle();
    String firstId = bed.deployBilling(first, NO_PERIODIC_SCAN);
    String secondId = bed.deployBilling(second, NO_PERIODIC_SCAN);
    long driver = bed.user();
    bed.fund(driver, "100000.00");
    Map<Long, BigDecimal> expected = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      String energy = new BigDecimal(500 + i * 37).add(new BigDecimal(i % 7).movePointLeft(1)).toPlainString();
      expected.put(bed.stoppedTransaction(charger, driver, energy), price(energy));
    }
    Map<Long, AtomicInteger> events = new ConcurrentHashMap<>();
    MessageConsumer<JsonObject> counter = bed.vertx.eventBus().consumer(EventAddresses.TRANSACTION_SETTLED,
        event -> events.computeIfAbsent(event.body().getLong("transactionId"), id -> new AtomicInteger()).incrementAndGet());
    BillingTestBed.await(counter.completion());

    // Every stop reaches both verticles, while both also scan.
    bed.awaitBilled(expected.keySet(), () -> {
      publishStops(new ArrayList<>(expected.keySet()));
      first.scanNow();
      second.scanNow();
    });
    // Stopping drains what they still had in flight: every event that will ever come has come.
    bed.undeployBilling(firstId);
    bed.undeployBilling(secondId);
    BillingTestBed.await(counter.unregister());

    BigDecimal total = expected.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    assertEquals(new BigDecimal("100000.00").subtract(total), bed.balance(driver));
    assertEquals(200, bed.ledgerEntries(driver, "CHARGE_DEDUCT"));
    for (Map.Entry<Long, BigDecimal> session : expected.entrySet()) {
      JsonObject row = bed.transaction(session.getKey());
      assertEquals("COMPLETED", row.getString("status"));
      assertEquals(session.getValue(), row.getValue("amount"), "session " + session.getKey());
    }
    assertEquals(200, events.size());
    assertTrue(events.values().stream().allMatch(n -> n.get() == 1), "one billing event per session: " + events);
    assertEquals(0L, ((Number) bed.row("""
        SELECT count(*) AS n FROM charging_transactions WHERE status IN ('STOPPED', 'BILLING_FAILED')""")
        .getValue("n")).longValue(), "sessions left unsettled");
  }

  @Test
  void whenTheMoneyRunsOutTheRestFailsAndATopUpBillsThemWithTwoVerticlesSharingTheWork() {
    bed.deployBilling(new BillingVerticle(), NO_PERIODIC_SCAN);
    bed.deployBilling(new BillingVerticle(), NO_PERIODIC_SCAN);
    long driver = bed.user();
    bed.fund(driver, "1200.00");
    String energy = "689.015";   // 0.689015 x 12.3456 + 1.50 = 10.0063... -> 10.01
    assertEquals(new BigDecimal("10.01"), price(energy));
    List<Long> sessions = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      sessions.add(bed.stoppedTransaction(charger, driver, energy));
    }

    bed.awaitBilled(sessions, () -> publishStops(sessions));

    // 1200.00 pays for 119 sessions of 10.01 and leaves 8.81.
    assertEquals(new BigDecimal("8.81"), bed.balance(driver));
    assertEquals(119, bed.ledgerEntries(driver, "CHARGE_DEDUCT"));
    assertEquals(81L, ((Number) bed.row("""
        SELECT count(*) AS n FROM charging_transactions WHERE user_id = ? AND status = 'BILLING_FAILED'
          AND billing_attempts >= 1 AND billing_next_attempt_at IS NOT NULL""", driver).getValue("n")).longValue());

    // 81 x 10.01 = 810.81; with the 8.81 left, 802.00 settles every one of them.
    List<Long> failed = sessions.stream()
        .filter(tx -> "BILLING_FAILED".equals(bed.transaction(tx).getString("status"))).toList();
    Map<Long, JsonObject> retried = bed.awaitBilled(failed, () -> bed.topUp(driver, "802.00"));

    assertTrue(retried.values().stream().allMatch(event -> "COMPLETED".equals(event.getString("outcome"))), retried.toString());
    assertEquals(new BigDecimal("0.00"), bed.balance(driver));
    assertEquals(200, bed.ledgerEntries(driver, "CHARGE_DEDUCT"));
  }

  @Test
  void lateStopsRepublishedManyTimesToTwoVerticlesAdjustEachSessionOnce() {
    BillingVerticle first = new BillingVerticle();
    BillingVerticle second = new BillingVerticle();
    bed.deployBilling(first, NO_PERIODIC_SCAN);
    bed.deployBilling(second, NO_PERIODIC_SCAN);
    long driver = bed.user();
    bed.fund(driver, "10000.00");
    List<Long> sessions = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long tx = bed.stoppedTransaction(charger, driver, "1000");   // 13.85
      bed.settle(tx);
      sessions.add(tx);
    }
    // LATE_STOPs: half the sessions used more energy than estimated, half less.
    for (int i = 0; i < sessions.size(); i++) {
      bed.update("UPDATE charging_transactions SET energy_wh = ?::numeric WHERE id = ?", i % 2 == 0 ? "2000" : "500",
          sessions.get(i));
    }

    bed.awaitBilled(sessions, () -> {
      for (int round = 0; round < 3; round++) {
        publishStops(sessions);
      }
      first.scanNow();
      second.scanNow();
    });
    bed.undeployAllBilling();

    // 25 x (26.19 - 13.85) charged, 25 x (13.85 - 7.67) refunded.
    assertEquals(price("2000"), new BigDecimal("26.19"));
    assertEquals(price("500"), new BigDecimal("7.67"));
    assertEquals(25, bed.ledgerEntries(driver, "ADJUSTMENT"));
    assertEquals(25, bed.ledgerEntries(driver, "REFUND"));
    assertEquals(new BigDecimal("10000.00").subtract(new BigDecimal("13.85").multiply(new BigDecimal(50)))
        .subtract(new BigDecimal("12.34").multiply(new BigDecimal(25))).add(new BigDecimal("6.18").multiply(new BigDecimal(25))),
        bed.balance(driver));
  }

  @Test
  void aBillingVerticleStoppedAndRestartedWhileSettlingBillsEverySessionOnce() {
    String deployment = bed.deployBilling(new BillingVerticle(), NO_PERIODIC_SCAN);
    long driver = bed.user();
    bed.fund(driver, "50000.00");
    Map<Long, BigDecimal> expected = new HashMap<>();
    for (int i = 0; i < 150; i++) {
      String energy = String.valueOf(1000 + i * 11);
      expected.put(bed.stoppedTransaction(charger, driver, energy), price(energy));
    }
    List<Long> sessions = new ArrayList<>(expected.keySet());

    // Undeploy as soon as the first session is billed, with the other stops still being worked on.
    bed.awaitBilled(sessions.subList(0, 1), () -> publishStops(sessions));
    bed.undeployBilling(deployment);
    long billedBeforeRestart = bed.ledgerEntries(driver, "CHARGE_DEDUCT");

    BillingVerticle restarted = new BillingVerticle();
    bed.deployBilling(restarted, NO_PERIODIC_SCAN);
    BillingTestBed.await(restarted.scanNow());

    assertTrue(billedBeforeRestart >= 1 && billedBeforeRestart <= 150, "billed before the restart: " + billedBeforeRestart);
    assertEquals(150, bed.ledgerEntries(driver, "CHARGE_DEDUCT"));
    BigDecimal total = expected.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    assertEquals(new BigDecimal("50000.00").subtract(total), bed.balance(driver));
    for (Map.Entry<Long, BigDecimal> session : expected.entrySet()) {
      JsonObject row = bed.transaction(session.getKey());
      assertEquals("COMPLETED", row.getString("status"));
      assertEquals(session.getValue(), row.getValue("amount"));
    }
  }
}
