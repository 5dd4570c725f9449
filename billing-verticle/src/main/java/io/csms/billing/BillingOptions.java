package io.csms.billing;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The billing verticle's configuration, read from the {@code billing} section of the whole CSMS
 * configuration; an absent key takes its default.
 *
 * <ul>
 *   <li>{@code retryBaseSeconds}: delay after the first failed settlement, doubling after each further
 *       failure, default 60.</li>
 *   <li>{@code retryCapSeconds}: the longest delay between two attempts, default 3600.</li>
 *   <li>{@code giveUpHours}: after failing this long a transaction is no longer retried by the scan (it
 *       stays BILLING_FAILED; a top-up of its user still retries it), default 24.</li>
 *   <li>{@code scanIntervalSeconds}: how often the retry scan runs, default 30.</li>
 *   <li>{@code claimLeaseSeconds}: how long a scan's claim on a transaction keeps other scanners away,
 *       default 120; a verticle that dies holding claims delays those transactions by at most this.</li>
 *   <li>{@code defaultCurrency}: the currency of a zero-energy session priced without any tariff,
 *       default INR.</li>
 * </ul>
 * {@code prepaidGate} and {@code prepaidMinimumBalance} belong to the same section but are read by the
 * OCPP side.
 */
public record BillingOptions(int retryBaseSeconds, int retryCapSeconds, int giveUpHours, int scanIntervalSeconds,
    int claimLeaseSeconds, String defaultCurrency) {

  public static BillingOptions from(JsonObject config) {
    JsonObject billing = config == null ? new JsonObject() : config.getJsonObject("billing", new JsonObject());
    return new BillingOptions(
        positive(billing, "retryBaseSeconds", 60),
        positive(billing, "retryCapSeconds", 3600),
        integer(billing, "giveUpHours", 24),
        positive(billing, "scanIntervalSeconds", 30),
        positive(billing, "claimLeaseSeconds", 120),
        Objects.requireNonNullElse(billing.getString("defaultCurrency"), "INR"));
  }

  /** The retry numbers as persistence takes them with each settlement request. */
  public JsonObject retryPolicy() {
    return new JsonObject().put("baseSeconds", retryBaseSeconds).put("capSeconds", retryCapSeconds)
        .put("giveUpHours", giveUpHours);
  }

  private static int positive(JsonObject section, String key, int fallback) {
    int value = integer(section, key, fallback);
    if (value <= 0) {
      throw new IllegalArgumentException("billing." + key + " must be greater than 0, not " + value);
    }
    return value;
  }

  /** A key set to null counts as absent, as in the configuration defaults. */
  private static int integer(JsonObject section, String key, int fallback) {
    Integer value = section.getInteger(key);
    return value == null ? fallback : value;
  }
}
