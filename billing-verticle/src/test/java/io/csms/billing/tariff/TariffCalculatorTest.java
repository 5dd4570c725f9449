package io.csms.billing.tariff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TariffCalculatorTest {
  private static Tariff tariff(String pricePerKwh, String fee) {
    return new Tariff(1, "t", new BigDecimal(pricePerKwh), new BigDecimal(fee), "INR");
  }

  @ParameterizedTest(name = "{0} Wh at {1}/kWh + {2} = {3}")
  @CsvSource({
      "1234, 12.3456, 5.00, 20.23",      // 15.2344704 + 5 (1.23 kWh rounded first would give 20.19)
      "1000, 10.0000, 0.00, 10.00",
      "100, 0.0500, 0.00, 0.01",         // 0.005 exactly: HALF_UP
      "99, 0.0500, 0.00, 0.00",          // 0.00495
      "1, 0.0001, 0.00, 0.00",
      "1, 0.0001, 2.50, 2.50",
      "12345.678, 18.5000, 0.00, 228.40", // 228.395043
      "0.5, 10.0000, 1.00, 1.01",         // 0.005 + 1.00 rounded once on the total
      "3000, 12.3456, 5.00, 42.04"})
  void theSessionTotalIsRoundedOnceHalfUpToAPaisa(String energyWh, String price, String fee, String expected) {
    assertEquals(new BigDecimal(expected), TariffCalculator.sessionAmount(new BigDecimal(energyWh), tariff(price, fee)));
  }

  @Test
  void noEnergyCostsNothingNotEvenTheFeeAndNeedsNoTariff() {
    assertEquals(new BigDecimal("0.00"), TariffCalculator.sessionAmount(BigDecimal.ZERO, tariff("12.00", "5.00")));
    assertEquals(new BigDecimal("0.00"), TariffCalculator.sessionAmount(new BigDecimal("0.000"), null));
  }

  @Test
  void negativeEnergyOrEnergyWithoutATariffIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> TariffCalculator.sessionAmount(new BigDecimal("-1"), tariff("1.00", "0.00")));
    assertThrows(NullPointerException.class, () -> TariffCalculator.sessionAmount(BigDecimal.ONE, null));
  }

  @Test
  void theChargersTariffWinsOverTheStationsWhichWinsOverTheDefault() {
    Tariff charger = tariff("1", "0");
    Tariff station = tariff("2", "0");
    Tariff fallback = tariff("3", "0");
    assertSame(charger, Tariff.byPrecedence(charger, station, fallback));
    assertSame(station, Tariff.byPrecedence(null, station, fallback));
    assertSame(fallback, Tariff.byPrecedence(null, null, fallback));
    assertNull(Tariff.byPrecedence(null, null, null));
  }
}
