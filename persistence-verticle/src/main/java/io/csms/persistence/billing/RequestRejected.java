package io.csms.persistence.billing;

/** A request that is answered with {@code message.fail(code, reason)}: the reason is meant for the caller. */
final class RequestRejected extends RuntimeException {
  private final int code;

  RequestRejected(int code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  int code() {
    return code;
  }
}
