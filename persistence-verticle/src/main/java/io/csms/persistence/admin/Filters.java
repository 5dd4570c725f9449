package io.csms.persistence.admin;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parsing of request filters shared by the stores. */
final class Filters {
  private Filters() {
  }

  /** An ISO-8601 instant that must carry its offset; null when absent. */
  static OffsetDateTime instant(JsonObject request, String key) {
    String value = request.getString(key);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(key + " must be an ISO-8601 instant with an offset, not " + value);
    }
  }
}
