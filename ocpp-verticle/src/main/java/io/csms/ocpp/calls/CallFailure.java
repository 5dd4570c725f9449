package io.csms.ocpp.calls;

/** Why a CSMS-initiated CALL got no CALLRESULT: a {@link io.csms.bus.BusFailure} code and its reason. */
public final class CallFailure extends RuntimeException {
  private final int code;

  public CallFailure(int code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
