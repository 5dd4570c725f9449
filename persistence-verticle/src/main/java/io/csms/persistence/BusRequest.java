package io.csms.persistence;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Strict reading of a request body: a missing or ill-typed field raises {@link RequestRefused#invalid}
 * before anything is written. Instants must be ISO-8601 with an offset; a local time is refused.
 */
public final class BusRequest {
  private final JsonObject body;

  public BusRequest(JsonObject body) {
    this.body = body;
  }

  public JsonObject body() {
    return body;
  }

  public String text(String key) {
    String value = optionalText(key);
    if (value == null || value.isBlank()) {
      throw RequestRefused.invalid(key + " is required");
    }
    return value;
  }

  public String optionalText(String key) {
    Object value = body.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw RequestRefused.invalid(key + " must be a string");
    }
    return s;
  }

  public int integer(String key) {
    long value = wholeNumber(key);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw RequestRefused.invalid(key + " is out of range");
    }
    return (int) value;
  }

  /** A whole number of at least {@code min} (a connector id: 0 is the charger itself). */
  public int integer(String key, int min) {
    int value = integer(key);
    if (value < min) {
      throw RequestRefused.invalid(key + " must be " + min + " or more");
    }
    return value;
  }

  public Integer optionalInteger(String key) {
    return body.getValue(key) == null ? null : integer(key);
  }

  public long wholeNumber(String key) {
    Object value = body.getValue(key);
    if (value == null) {
      throw RequestRefused.invalid(key + " is required");
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || Double.isInfinite(n.doubleValue())) {
      throw RequestRefused.invalid(key + " must be a whole number");
    }
    return n.longValue();
  }

  public Long optionalWholeNumber(String key) {
    return body.getValue(key) == null ? null : wholeNumber(key);
  }

  public boolean bool(String key) {
    Object value = body.getValue(key);
    if (!(value instanceof Boolean b)) {
      throw RequestRefused.invalid(key + " must be true or false");
    }
    return b;
  }

  public OffsetDateTime instant(String key) {
    OffsetDateTime value = optionalInstant(key);
    if (value == null) {
      throw RequestRefused.invalid(key + " is required");
    }
    return value;
  }

  public OffsetDateTime optionalInstant(String key) {
    return parseInstant(key, optionalText(key));
  }

  public JsonArray optionalArray(String key) {
    Object value = body.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      throw RequestRefused.invalid(key + " must be an array");
    }
    return array;
  }

  public JsonArray array(String key) {
    JsonArray value = optionalArray(key);
    if (value == null) {
      throw RequestRefused.invalid(key + " is required");
    }
    return value;
  }

  /** An ISO-8601 instant with its offset ({@code 2025-01-31T10:00:00Z}, {@code ...+05:30}); null stays null. */
  public static OffsetDateTime parseInstant(String key, String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw RequestRefused.invalid(key + " must be an ISO-8601 instant with offset");
    }
  }
}
