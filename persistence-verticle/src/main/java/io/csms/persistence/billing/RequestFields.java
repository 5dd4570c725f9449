package io.csms.persistence.billing;

import io.csms.persistence.BusRequest;
import io.csms.persistence.RequestRefused;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/** The billing-specific fields of a request (money, energy, bounded numbers and texts), on top of {@link BusRequest}. */
final class RequestFields {
  /** NUMERIC(12,2): ten integer digits. */
  private static final BigDecimal MONEY_LIMIT = new BigDecimal("10000000000");

  private RequestFields() {
  }

  static int boundedInteger(BusRequest request, String key, int fallback, int min, int max) {
    Integer value = request.optionalInteger(key);
    if (value == null) {
      return fallback;
    }
    if (value < min || value > max) {
      throw RequestRefused.invalid(key + " must be between " + min + " and " + max);
    }
    return value;
  }

  static String boundedText(BusRequest request, String key, int maxLength) {
    String text = request.optionalText(key);
    if (text != null && text.length() > maxLength) {
      throw RequestRefused.invalid(key + " must be at most " + maxLength + " characters");
    }
    return text;
  }

  /** A nested object, or null when absent. */
  static BusRequest optionalObject(BusRequest request, String key) {
    Object value = request.body().getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject object)) {
      throw RequestRefused.invalid(key + " must be an object");
    }
    return new BusRequest(object);
  }

  /** A money amount as a decimal string with at most 2 decimals that fits NUMERIC(12,2), at scale 2. */
  static BigDecimal money(BusRequest request, String key) {
    BigDecimal amount = decimal(request, key, "a decimal string such as \"12.50\"");
    if (amount.stripTrailingZeros().scale() > 2) {
      throw RequestRefused.invalid(key + " has more than 2 decimals");
    }
    if (amount.abs().compareTo(MONEY_LIMIT) >= 0) {
      throw RequestRefused.invalid(key + " is too large");
    }
    return amount.setScale(2);
  }

  /** A non-negative decimal string (energy in Wh). */
  static BigDecimal energy(BusRequest request, String key) {
    BigDecimal energy = decimal(request, key, "a non-negative decimal string");
    if (energy.signum() < 0) {
      throw RequestRefused.invalid(key + " must be a non-negative decimal string");
    }
    return energy;
  }

  private static BigDecimal decimal(BusRequest request, String key, String expected) {
    String text = request.text(key);
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw RequestRefused.invalid(key + " must be " + expected);
    }
  }
}
