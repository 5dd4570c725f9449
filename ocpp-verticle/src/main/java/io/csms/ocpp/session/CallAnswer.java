package io.csms.ocpp.session;

import io.csms.ocpp.validation.Violation;
import io.vertx.core.json.JsonObject;

/** The answer to an inbound CALL: a CALLRESULT payload, or the violation to answer as a CALLERROR. */
public record CallAnswer(JsonObject payload, Violation error) {
  static CallAnswer result(JsonObject payload) {
    return new CallAnswer(payload, null);
  }

  static CallAnswer error(Violation error) {
    return new CallAnswer(null, error);
  }
}
