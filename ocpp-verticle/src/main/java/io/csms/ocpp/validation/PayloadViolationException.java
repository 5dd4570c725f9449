package io.csms.ocpp.validation;

/**
 * A payload that passed its schema but breaks a rule the schema cannot express (a timestamp without an
 * offset); answered with the violation's CALLERROR instead of an InternalError.
 */
public final class PayloadViolationException extends RuntimeException {
  private final Violation violation;

  public PayloadViolationException(Violation violation) {
    super(violation.description(), null, false, false);
    this.violation = violation;
  }

  public Violation violation() {
    return violation;
  }
}
