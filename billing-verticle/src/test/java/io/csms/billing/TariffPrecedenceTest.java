package io.csms.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which tariff prices a session: the charger's own, else its station's, else the default one. */
class TariffPrecedenceTest extends BillingScenario {
  static long chargerTariff;
  static long stationTariff;
  static long defaultTariff;
  static long driver;

  @BeforeAll
  static void deploy() {
    chargerTariff = bed.tariff("10.0000", "1.00");   // 1 kWh -> 11.00
    stationTariff = bed.tariff("20.0000", "2.00");   // 1 kWh -> 22.00
    defaultTariff = bed.tariff("30.0000", "3.00");   // 1 kWh -> 33.00
    driver = bed.user();
    bed.fund(driver, "1000.00");
    bed.deployBilling(new BillingVerticle(), NO_PERIODIC_SCAN);
  }

  private static JsonObject billOneKwhAt(long charger) {
    long tx = bed.stoppedTransaction(charger, driver, "1000");
    bed.settle(tx);
    return bed.transaction(tx);
  }

  @Test
  void theChargersOwnTariffWins() {
    bed.defaultTariff(defaultTariff);
    JsonObject tx = billOneKwhAt(bed.charger(bed.station(stationTariff), chargerTariff));
    assertEquals(new BigDecimal("11.00"), tx.getValue("amount"));
    assertEquals(chargerTariff, ((Number) tx.getValue("tariff_id")).longValue());
  }

  @Test
  void withoutOneTheStationsTariffApplies() {
    bed.defaultTariff(defaultTariff);
    JsonObject tx = billOneKwhAt(bed.charger(bed.station(stationTariff), null));
    assertEquals(new BigDecimal("22.00"), tx.getValue("amount"));
    assertEquals(stationTariff, ((Number) tx.getValue("tariff_id")).longValue());
  }

  @Test
  void withNeitherTheDefaultTariffApplies() {
    bed.defaultTariff(defaultTariff);
    JsonObject tx = billOneKwhAt(bed.charger(bed.station(null), null));
    assertEquals(new BigDecimal("33.00"), tx.getValue("amount"));
    assertEquals(defaultTariff, ((Number) tx.getValue("tariff_id")).longValue());
  }

  @Test
  void aChargerWithoutStationFallsBackToTheDefault() {
    bed.defaultTariff(defaultTariff);
    assertEquals(new BigDecimal("33.00"), billOneKwhAt(bed.charger(null, null)).getValue("amount"));
  }

  @Test
  void anInactiveTariffIsSkipped() {
    bed.defaultTariff(defaultTariff);
    long retired = bed.tariff("99.0000", "9.00");
    bed.update("UPDATE tariffs SET active = FALSE WHERE id = ?", retired);
    assertEquals(new BigDecimal("22.00"), billOneKwhAt(bed.charger(bed.station(stationTariff), retired)).getValue("amount"));
  }

  @Test
  void noTariffAtAllFailsTheBillingWithAClearErrorUntilOneIsSet() {
    bed.defaultTariff(null);
    long charger = bed.charger(bed.station(null), null);
    long txId = bed.stoppedTransaction(charger, driver, "1000");
    BigDecimal before = bed.balance(driver);

    assertEquals("BILLING_FAILED", bed.settle(txId).getString("outcome"));

    JsonObject tx = bed.transaction(txId);
    assertEquals("BILLING_FAILED", tx.getString("status"));
    assertTrue(tx.getString("billing_last_error").startsWith("no tariff"), tx.getString("billing_last_error"));
    assertNotNull(tx.getValue("billing_next_attempt_at"));
    assertNull(tx.getValue("amount"));
    assertEquals(before, bed.balance(driver));

    // An operator sets a default tariff: the next attempt bills with it.
    bed.defaultTariff(defaultTariff);
    assertEquals("33.00", bed.settle(txId).getString("amount"));
  }

  @Test
  void aSessionWithoutEnergyNeedsNoTariff() {
    bed.defaultTariff(null);
    long txId = bed.stoppedTransaction(bed.charger(null, null), driver, "0");
    JsonObject reply = bed.settle(txId);
    assertEquals("COMPLETED", reply.getString("outcome"));
    assertEquals("INR", bed.transaction(txId).getString("currency"));
  }
}
