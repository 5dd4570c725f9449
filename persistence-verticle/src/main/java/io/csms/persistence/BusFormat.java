package io.csms.persistence;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How values leave this verticle on the bus: instants as ISO-8601 UTC, decimals as plain strings. */
public final class BusFormat {
  private BusFormat() {
  }

  /** {@code 2025-01-31T10:00:00Z}; seconds always written, so strict OCPP parsers accept it. */
  public static String instant(OffsetDateTime value) {
    return value == null ? null
        : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value.withOffsetSameInstant(ZoneOffset.UTC));
  }

  /** A plain decimal string without exponent ({@code "500.00"}); null stays null. */
  public static String decimal(BigDecimal value) {
    return value == null ? null : value.toPlainString();
  }
}
