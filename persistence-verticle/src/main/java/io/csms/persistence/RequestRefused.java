package io.csms.persistence;

import io.csms.bus.BusFailure;

/**
 * A request a store refuses on purpose, with the {@link BusFailure} code to answer. Nothing has been written
 * when this is raised (or the database transaction around it rolls back).
 */
public final class RequestRefused extends RuntimeException {
  private final int code;

  private RequestRefused(int code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  /** The body is not of the documented shape: {@link BusFailure#INVALID}. */
  public static RequestRefused invalid(String reason) {
    return new RequestRefused(BusFailure.INVALID, reason);
  }

  /** The named entity (charger, transaction) does not exist: {@link BusFailure#NOT_FOUND}. */
  public static RequestRefused notFound(String reason) {
    return new RequestRefused(BusFailure.NOT_FOUND, reason);
  }

  /** No {@code what} with this id: {@link BusFailure#NOT_FOUND} "no transaction 42". */
  public static RequestRefused missing(String what, Object id) {
    return notFound("no " + what + " " + id);
  }

  /** The request contradicts the current state (a debit beyond the balance, a reused key): {@link BusFailure#CONFLICT}. */
  public static RequestRefused conflict(String reason) {
    return new RequestRefused(BusFailure.CONFLICT, reason);
  }

  /** The database is too busy to take the request in time; nothing was written: {@link BusFailure#BUSY}. */
  public static RequestRefused busy(String reason) {
    return new RequestRefused(BusFailure.BUSY, reason);
  }

  /** A dependency (the database) cannot be reached; the request may be retried: {@link BusFailure#UNAVAILABLE}. */
  public static RequestRefused unavailable(String reason) {
    return new RequestRefused(BusFailure.UNAVAILABLE, reason);
  }

  /** The charge point is not registered: {@link BusFailure#NOT_FOUND}. */
  public static RequestRefused unknownChargePoint(String chargePointId) {
    return notFound("charge point " + chargePointId + " is not registered");
  }

  public int code() {
    return code;
  }
}
