package io.csms.billing.settlement;

import io.csms.billing.tariff.Tariff;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/** What persistence answered to {@code BILLING_QUOTE}: the state of a transaction and its candidate tariffs. */
record SettlementQuote(long transactionId, String status, Long userId, BigDecimal energyWh, BigDecimal billedEnergyWh,
    Tariff applied, Tariff charger, Tariff station, Tariff defaultTariff) {

  static SettlementQuote fromJson(JsonObject json) {
    return new SettlementQuote(json.getLong("transactionId"), json.getString("status"), json.getLong("userId"),
        decimal(json.getString("energyWh")), decimal(json.getString("billedEnergyWh")),
        Tariff.fromJson(json.getJsonObject("appliedTariff")), Tariff.fromJson(json.getJsonObject("chargerTariff")),
        Tariff.fromJson(json.getJsonObject("stationTariff")), Tariff.fromJson(json.getJsonObject("defaultTariff")));
  }

  boolean stopped() {
    return !"RUNNING".equals(status) && !"PENDING_RECONCILIATION".equals(status);
  }

  /** Nothing to do: unbillable, or completed for its current energy (the same rule persistence applies). */
  boolean settled() {
    return "FAILED".equals(status) || "COMPLETED".equals(status)
        && (billedEnergyWh == null || energyWh != null && billedEnergyWh.compareTo(energyWh) == 0);
  }

  /** A correction of an earlier settlement keeps that settlement's tariff; a first one follows precedence. */
  Tariff tariff() {
    if (billedEnergyWh != null && applied != null) {
      return applied;
    }
    return Tariff.byPrecedence(charger, station, defaultTariff);
  }

  private static BigDecimal decimal(String text) {
    return text == null ? null : new BigDecimal(text);
  }
}
