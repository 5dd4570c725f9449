package io.csms.persistence;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Strict reading of a request body: a missing or ill-typed field raises {@link RequestRefused#invalid}
 * before anything is written. Instants must be ISO-8601 with an offset; a local time is refused.
 */
public final class BusRequest {
  /** NUMERIC(12,2): ten integer digits. */
  private static final BigDecimal MONEY_LIMIT = new BigDecimal("10000000000");

  private final JsonObject body;

  public BusRequest(JsonObject body) {
    this.body = body;
  }

  public JsonObject body() {
    return body;
  }

  /** This request without the given keys (a copy: the body itself stays as it is). */
  public BusRequest without(String... keys) {
    JsonObject copy = body.copy();
    for (String key : keys) {
      copy.remove(key);
    }
    return new BusRequest(copy);
  }

  public String text(String key) {
    String value = optionalText(key);
    if (value == null || value.isBlank()) {
      throw RequestRefused.invalid(key + " is required");
    }
    return value;
  }

  public String optionalText(String key) {
    return optional(key, String.class, "a string");
  }

  /** The value under {@code key} if it is a {@code type}; null when absent; refused when of another type. */
  private <T> T optional(String key, Class<T> type, String expected) {
    Object value = body.getValue(key);
    if (value != null && !type.isInstance(value)) {
      throw RequestRefused.invalid(key + " must be " + expected);
    }
    return type.cast(value);
  }

  /** Optional text of at most {@code maxLength} characters. */
  public String optionalText(String key, int maxLength) {
    String text = optionalText(key);
    if (text != null && text.length() > maxLength) {
      throw RequestRefused.invalid(key + " must be at most " + maxLength + " characters");
    }
    return text;
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

  /** An optional whole number within [min, max]; {@code fallback} when absent. */
  public int optionalInteger(String key, int fallback, int min, int max) {
    Integer value = optionalInteger(key);
    if (value == null) {
      return fallback;
    }
    if (value < min || value > max) {
      throw RequestRefused.invalid(key + " must be between " + min + " and " + max);
    }
    return value;
  }

  public long wholeNumber(String key) {
    Object value = body.getValue(key);
    if (value == null) {
      throw RequestRefused.invalid(key + " is required");
    }
    if (!isWhole(value)) {
      throw RequestRefused.invalid(key + " must be a whole number");
    }
    return ((Number) value).longValue();
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

  public Boolean optionalBool(String key) {
    return body.getValue(key) == null ? null : bool(key);
  }

  /** A decimal string ({@code "12.50"}); a JSON number is refused, so no binary floating point gets in. */
  public BigDecimal decimal(String key) {
    String text = text(key);
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw RequestRefused.invalid(key + " must be a decimal string such as \"12.50\"");
    }
  }

  /**
   * A decimal given as a JSON number or a decimal string (the management API's coordinates and limits);
   * null when absent.
   */
  public BigDecimal optionalNumber(String key) {
    Object value = body.getValue(key);
    if (value == null) {
      return null;
    }
    try {
      if (value instanceof Number || value instanceof String) {
        return new BigDecimal(value.toString().trim());
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw RequestRefused.invalid(key + " must be a number");
  }

  /** A non-negative decimal string (energy in Wh). */
  public BigDecimal nonNegativeDecimal(String key) {
    BigDecimal value = decimal(key);
    if (value.signum() < 0) {
      throw RequestRefused.invalid(key + " must be a non-negative decimal string");
    }
    return value;
  }

  /** A money amount with at most 2 decimals that fits NUMERIC(12,2), at scale 2. */
  public BigDecimal money(String key) {
    BigDecimal amount = decimal(key);
    if (amount.stripTrailingZeros().scale() > 2) {
      throw RequestRefused.invalid(key + " has more than 2 decimals");
    }
    if (amount.abs().compareTo(MONEY_LIMIT) >= 0) {
      throw RequestRefused.invalid(key + " is too large");
    }
    return amount.setScale(2);
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
    return optional(key, JsonArray.class, "an array");
  }

  public JsonArray array(String key) {
    JsonArray value = optionalArray(key);
    if (value == null) {
      throw RequestRefused.invalid(key + " is required");
    }
    return value;
  }

  /**
   * An optional instant taken from a query string (the management API's filters): as {@link #optionalInstant},
   * except that a space where the offset's sign belongs is read as the '+' the query string turned into it.
   */
  public OffsetDateTime optionalFilterInstant(String key) {
    String text = optionalText(key);
    return text == null ? null : parseInstant(key, text.trim().replace(' ', '+'));
  }

  /** A nested object, or null when absent. */
  public BusRequest optionalObject(String key) {
    JsonObject object = optional(key, JsonObject.class, "an object");
    return object == null ? null : new BusRequest(object);
  }

  /** An array of database ids, without repeats, in their first order. */
  public Long[] ids(String key) {
    return ids(key, array(key));
  }

  /** As {@link #ids}, empty when absent. */
  public Long[] optionalIds(String key) {
    JsonArray values = optionalArray(key);
    return values == null ? new Long[0] : ids(key, values);
  }

  private static Long[] ids(String key, JsonArray values) {
    return values.stream().map(value -> {
      if (!isWhole(value)) {
        throw RequestRefused.invalid(key + " must hold whole numbers");
      }
      return ((Number) value).longValue();
    }).distinct().toArray(Long[]::new);
  }

  private static boolean isWhole(Object value) {
    return value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && !Double.isInfinite(n.doubleValue());
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
