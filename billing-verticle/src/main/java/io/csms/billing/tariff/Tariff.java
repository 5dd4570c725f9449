package io.csms.billing.tariff;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/** A price list: per kWh, plus a fixed fee per session, in one currency. */
public record Tariff(long id, String name, BigDecimal pricePerKwh, BigDecimal sessionFee, String currency) {

  /** The tariff a session is priced with: the charger's own, else its station's, else the default one. */
  public static Tariff byPrecedence(Tariff charger, Tariff station, Tariff defaultTariff) {
    if (charger != null) {
      return charger;
    }
    return station != null ? station : defaultTariff;
  }

  /** The bus shape {@code {tariffId, name, pricePerKwh, sessionFee, currency}}; null stays null. */
  public static Tariff fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    return new Tariff(json.getLong("tariffId"), json.getString("name"), new BigDecimal(json.getString("pricePerKwh")),
        new BigDecimal(json.getString("sessionFee")), json.getString("currency"));
  }
}
