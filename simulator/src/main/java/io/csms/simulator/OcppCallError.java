package io.csms.simulator;

/** An OCPP-J CALLERROR, either received for one of our CALLs or to be sent for one of the CSMS's. */
public final class OcppCallError extends RuntimeException {
  private final String errorCode;

  public OcppCallError(String errorCode, String description) {
    super(description, null, false, false);
    this.errorCode = errorCode;
  }

  public String errorCode() {
    return errorCode;
  }
}
