package io.csms.ocpp.framing;

import io.vertx.core.json.JsonObject;
import io.vertx.core.json.Json;

/** Writes OCPP-J messages as text, straight into a string (no intermediate JSON array). */
public final class FrameEncoder {
  private FrameEncoder() {
  }

  public static String call(String messageId, String action, EncodedPayload payload) {
    return "[2," + quote(messageId) + "," + quote(action) + "," + payload.text() + "]";
  }

  public static String callResult(String messageId, EncodedPayload payload) {
    return "[3," + quote(messageId) + "," + payload.text() + "]";
  }

  public static String callError(String messageId, ErrorCode code, String description, JsonObject details) {
    return "[4," + quote(messageId) + "," + quote(code.name()) + "," + quote(description) + ","
        + details.encode() + "]";
  }

  private static String quote(String text) {
    return Json.encode(text);
  }
}
