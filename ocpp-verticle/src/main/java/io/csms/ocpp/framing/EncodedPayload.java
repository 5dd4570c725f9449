package io.csms.ocpp.framing;

import io.vertx.core.json.JsonObject;

/**
 * A payload with the JSON text it went over the wire as. The audit log stores that text as it is: encoding the
 * payload again for the log was 7% of the node's CPU (docs/benchmarks.md, ninth session).
 */
public record EncodedPayload(JsonObject value, String text) {

  /** A payload we send: encoded once, for the frame and for the log. */
  public static EncodedPayload of(JsonObject value) {
    return new EncodedPayload(value, value.encode());
  }
}
