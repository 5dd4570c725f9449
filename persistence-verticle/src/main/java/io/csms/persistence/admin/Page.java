package io.csms.persistence.admin;

import io.vertx.core.json.JsonObject;

/** {@code page} (from 1) and {@code limit} of a list request, clamped to what a store serves. */
record Page(int page, int limit) {
  static final int MAX_LIMIT = 100_000;

  static Page of(JsonObject request) {
    int page = Math.max(1, request.getInteger("page", 1));
    int limit = Math.min(MAX_LIMIT, Math.max(1, request.getInteger("limit", 10)));
    return new Page(page, limit);
  }

  long offset() {
    return (long) (page - 1) * limit;
  }
}
