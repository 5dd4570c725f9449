package io.csms.persistence.admin;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parsing of request filters shared by the stores. */
final class Filters {
  private Filters() {
  }

  /**
   * An ISO-8601 instant that must carry its offset; null when absent. A space where the offset's sign
   * belongs is a '+' that a query string turned into a space (an unencoded '+' means space there).
   */
  static OffsetDateTime instant(JsonObject request, String key) {
    String value = request.getString(key);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim().replace(' ', '+'));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(key + " must be an ISO-8601 instant with an offset, not " + value);
    }
  }
}
