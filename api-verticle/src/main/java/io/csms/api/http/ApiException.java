package io.csms.api.http;

/** A failure to answer with a given status; {@link ErrorResponses} renders it in the one error format. */
public final class ApiException extends RuntimeException {
  private final int status;

  public ApiException(int status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
