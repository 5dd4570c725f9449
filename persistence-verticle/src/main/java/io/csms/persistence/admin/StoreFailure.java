package io.csms.persistence.admin;

import io.csms.bus.BusFailure;

/** A refusal with its {@link BusFailure} code, answered to the requester as is. */
final class StoreFailure extends RuntimeException {
  private final int code;

  StoreFailure(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  int code() {
    return code;
  }

  static StoreFailure notFound(String what, Object id) {
    return new StoreFailure(BusFailure.NOT_FOUND, what + " " + id + " not found");
  }

  static StoreFailure invalid(String message) {
    return new StoreFailure(BusFailure.INVALID, message);
  }
}
