package io.csms.billing.tariff;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What a charging session costs. The one rounding rule for money in the CSMS lives here: the exact
 * session total (energy x price per kWh + session fee) is rounded once, HALF_UP to 0.01. Nothing is
 * rounded before that, so a session costs the same however its energy is split.
 */
public final class TariffCalculator {
  /** Money has 2 decimals (paise, cents), as NUMERIC(12,2) in the database. */
  public static final int MONEY_SCALE = 2;
  /** 0.005 rounds up: the rounding shoppers and tax offices expect. */
  public static final RoundingMode MONEY_ROUNDING = RoundingMode.HALF_UP;

  private TariffCalculator() {
  }

  /** The project's rounding rule, applied once to a session total. */
  public static BigDecimal roundMoney(BigDecimal exact) {
    return exact.setScale(MONEY_SCALE, MONEY_ROUNDING);
  }

  /**
   * The amount of a session that delivered {@code energyWh}. A session that delivered nothing costs 0,
   * without the session fee (test and aborted sessions), and needs no tariff.
   *
   * @throws IllegalArgumentException negative energy
   * @throws NullPointerException energy was delivered but there is no tariff
   */
  public static BigDecimal sessionAmount(BigDecimal energyWh, Tariff tariff) {
    if (energyWh.signum() < 0) {
      throw new IllegalArgumentException("negative energy " + energyWh.toPlainString() + " Wh");
    }
    if (energyWh.signum() == 0) {
      return roundMoney(BigDecimal.ZERO);
    }
    Objects.requireNonNull(tariff, "a session that delivered energy needs a tariff");
    BigDecimal energyKwh = energyWh.movePointLeft(3);
    return roundMoney(energyKwh.multiply(tariff.pricePerKwh()).add(tariff.sessionFee()));
  }
}
