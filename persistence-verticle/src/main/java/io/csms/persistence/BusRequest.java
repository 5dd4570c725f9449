package io.csms.persistence;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

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
      OffsetDateTime utc = utcInstant(text);
      return utc != null ? utc : OffsetDateTime.parse(text);
    } catch (DateTimeException e) {
      throw RequestRefused.invalid(key + " must be an ISO-8601 instant with offset");
    }
  }

  /**
   * The bus's own form, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} as {@code Instant.toString()} writes it,
   * read without the general ISO parser (which cost 6% of a node's CPU); null for any other form, which
   * the caller then parses the general way.
   */
  static OffsetDateTime utcInstant(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
        || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int digits = n - 21;
      if (s.charAt(19) != '.' || digits < 1) {
        return null;
      }
      int fraction = digits(s, 20, digits);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = digits; i < 9; i++) {
        nanos *= 10;
      }
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    // Out-of-range fields throw DateTimeException, refused like any bad instant.
    return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, ZoneOffset.UTC);
  }

  /** The value of {@code count} (at most 9) ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
