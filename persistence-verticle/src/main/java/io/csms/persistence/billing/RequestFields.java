package io.csms.persistence.billing;

import io.csms.bus.BusFailure;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/** Reads the fields of billing requests, rejecting malformed ones as {@link BusFailure#INVALID}. */
final class RequestFields {
  /** NUMERIC(12,2): ten integer digits. */
  private static final BigDecimal MONEY_LIMIT = new BigDecimal("10000000000");

  private RequestFields() {
  }

  static long requiredLong(JsonObject body, String key) {
    Long value = optionalLong(body, key);
    if (value == null) {
      throw invalid(key + " is required");
    }
    return value;
  }

  static Long optionalLong(JsonObject body, String key) {
    Object value = body == null ? null : body.getValue(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    throw invalid(key + " must be an integer");
  }

  static int optionalInt(JsonObject body, String key, int fallback, int min, int max) {
    Long value = optionalLong(body, key);
    if (value == null) {
      return fallback;
    }
    if (value < min || value > max) {
      throw invalid(key + " must be between " + min + " and " + max);
    }
    return value.intValue();
  }

  static String optionalText(JsonObject body, String key, int maxLength) {
    Object value = body == null ? null : body.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.length() > maxLength) {
      throw invalid(key + " must be a string of at most " + maxLength + " characters");
    }
    return text;
  }

  static String requiredText(JsonObject body, String key, int maxLength) {
    String text = optionalText(body, key, maxLength);
    if (text == null || text.isBlank()) {
      throw invalid(key + " is required");
    }
    return text;
  }

  /** A money amount as a decimal string with at most 2 decimals that fits NUMERIC(12,2), at scale 2. */
  static BigDecimal money(JsonObject body, String key) {
    Object value = body == null ? null : body.getValue(key);
    if (!(value instanceof String text)) {
      throw invalid(key + " must be a decimal string such as \"12.50\"");
    }
    BigDecimal amount;
    try {
      amount = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw invalid(key + " must be a decimal string such as \"12.50\"");
    }
    if (amount.stripTrailingZeros().scale() > 2) {
      throw invalid(key + " has more than 2 decimals");
    }
    if (amount.abs().compareTo(MONEY_LIMIT) >= 0) {
      throw invalid(key + " is too large");
    }
    return amount.setScale(2);
  }

  /** A non-negative decimal string (energy in Wh). */
  static BigDecimal energy(JsonObject body, String key) {
    Object value = body == null ? null : body.getValue(key);
    try {
      BigDecimal energy = new BigDecimal(((String) value).trim());
      if (energy.signum() >= 0) {
        return energy;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw invalid(key + " must be a non-negative decimal string");
  }

  static RequestRejected invalid(String reason) {
    return new RequestRejected(BusFailure.INVALID, reason);
  }
}
