package io.csms.bus;

import io.vertx.core.eventbus.ReplyException;

/**
 * Failure codes carried by {@code message.fail(code, reason)} on every address. They mirror HTTP status
 * codes so that the API can hand them through without a translation table.
 */
public final class BusFailure {
  /** The request's body is not of the documented shape. */
  public static final int INVALID = 400;
  /** The entity the request names does not exist (charger, transaction, user, tariff). */
  public static final int NOT_FOUND = 404;
  /** The request contradicts the current state (duplicate key, charger not connected, already done). */
  public static final int CONFLICT = 409;
  /** Too many requests are already waiting (for example the per-charger call queue is full). */
  public static final int BUSY = 429;
  /** An unexpected fault of ours; the reason is logged on the node that failed. */
  public static final int INTERNAL = 500;
  /** The charge point answered a CALL with a CALLERROR; the reason is that CALLERROR as JSON. */
  public static final int CALL_ERROR = 502;
  /** A dependency (database, Redis) is unreachable; the request may be retried. */
  public static final int UNAVAILABLE = 503;
  /** No answer in time (the charge point did not answer a CALL, or a store did not answer). */
  public static final int TIMEOUT = 504;

  private BusFailure() {
  }

  /**
   * The failure code of a failed request-reply: the code given to {@code fail}, {@link #TIMEOUT} when no
   * one answered in time, {@link #UNAVAILABLE} when no consumer is registered, else {@link #INTERNAL}.
   */
  public static int codeOf(Throwable failure) {
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case RECIPIENT_FAILURE -> reply.failureCode();
        case TIMEOUT -> TIMEOUT;
        case NO_HANDLERS -> UNAVAILABLE;
        default -> INTERNAL;
      };
    }
    return INTERNAL;
  }
}
