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
    try {
      Instant instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      return instant.toString();
    } catch (DateTimeParseException | NullPointerException e) {
      throw new PayloadViolationException(new Violation(ErrorCode.PropertyConstraintViolation,
          field + " must be an ISO-8601 date-time with an offset",
          new JsonObject().put("instanceLocation", field).put("keyword", "format")));
    }
  }
}
