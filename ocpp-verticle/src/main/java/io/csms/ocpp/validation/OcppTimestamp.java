package io.csms.ocpp.validation;

import io.csms.ocpp.framing.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** OCPP timestamps: ISO-8601 date-times that must carry their offset ({@code Z} or {@code +05:30}). */
public final class OcppTimestamp {
  private OcppTimestamp() {
  }

  /**
   * The instant written in {@code field}, normalised to UTC ({@code 2026-11-24T10:15:30Z}) as the bus
   * wants it; a {@link PayloadViolationException} (PropertyConstraintViolation) when it has no offset or
   * is not a date-time.
   */
  public static String toUtc(String field, String text) {
    if (text != null && isInstantText(text)) {
      return text; // already what Instant.toString() would write: skip the general parser
    }
    try {
      Instant instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      return instant.toString();
    } catch (DateTimeParseException | NullPointerException e) {
      throw new PayloadViolationException(new Violation(ErrorCode.PropertyConstraintViolation,
          field + " must be an ISO-8601 date-time with an offset",
          new JsonObject().put("instanceLocation", field).put("keyword", "format")));
    }
  }

  /**
   * Whether {@code s} is a valid UTC date-time written exactly as {@code Instant.toString()} writes it:
   * upper-case {@code T} and {@code Z}, no fraction or 3, 6 or 9 digits whose last three are not all 0.
   */
  static boolean isInstantText(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(10) != 'T' || !Rfc3339.isDateTime(s)) {
      return false;
    }
    int digits = n - 21; // between the '.' and the 'Z'
    return n == 20 || (digits == 3 || digits == 6 || digits == 9) && !s.startsWith("000", n - 4);
  }
}
