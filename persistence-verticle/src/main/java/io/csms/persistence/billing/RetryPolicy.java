package io.csms.persistence.billing;

import io.csms.persistence.BusRequest;

/**
 * When a failed billing is tried again: after attempt n the delay is {@code base * 2^(n-1)} seconds,
 * capped at {@code cap}; once a transaction has been failing for {@code giveUpHours} it is no longer
 * scheduled (it stays BILLING_FAILED, visible to operators). The billing verticle owns the numbers and
 * sends them with each request, so they follow its configuration.
 */
record RetryPolicy(int baseSeconds, int capSeconds, int giveUpHours) {
  static final RetryPolicy DEFAULT = new RetryPolicy(60, 3600, 24);

  /** The {@code retry} object of a request; absent keys (or an absent object) take the defaults. */
  static RetryPolicy of(BusRequest request) {
    BusRequest retry = RequestFields.optionalObject(request, "retry");
    if (retry == null) {
      return DEFAULT;
    }
    int base = RequestFields.boundedInteger(retry, "baseSeconds", DEFAULT.baseSeconds, 1, 86_400 * 365);
    int cap = RequestFields.boundedInteger(retry, "capSeconds", DEFAULT.capSeconds, 1, 86_400 * 365);
    int giveUp = RequestFields.boundedInteger(retry, "giveUpHours", DEFAULT.giveUpHours, 0, 24 * 3650);
    return new RetryPolicy(base, Math.max(base, cap), giveUp);
  }

  /** Seconds to wait after the given (1-based) failed attempt. */
  long delaySecondsAfter(int attempts) {
    int doublings = Math.max(0, attempts - 1);
    // 2^31 seconds is far beyond any cap: stop doubling before the long overflows.
    if (doublings >= 31) {
      return capSeconds;
    }
    return Math.min((long) capSeconds, (long) baseSeconds << doublings);
  }
}
