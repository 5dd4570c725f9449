package io.csms.ocpp.framing;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads the OCPP-J envelope of a text message. Never throws: whatever arrives becomes an
 * {@link InboundFrame}, a broken one a {@link InboundFrame.Malformed} carrying the CALLERROR code chosen per
 * OCPP-J 1.6 section 4.2.3 (see docs/ocpp.md for the table).
 */
public final class FrameParser {
  /**
   * The message id answered when the frame's own id cannot be read. OCPP-J 1.6 is silent; OCPP-J 2.0.1
   * (section 4.2.3) prescribes "-1", which chargers of both generations recognise.
   */
  public static final String UNREADABLE_ID = "-1";
  /** OCPP-J 1.6 section 4.1.4: a message id is at most 36 characters. */
  public static final int MAX_MESSAGE_ID_LENGTH = 36;
  private static final int CALL = 2;
  private static final int CALL_RESULT = 3;
  private static final int CALL_ERROR = 4;

  private FrameParser() {
  }

  public static InboundFrame parse(String text) {
    Object parsed;
    try {
      parsed = Json.decodeValue(text);
    } catch (DecodeException | IllegalStateException e) {
      return new InboundFrame.Malformed(UNREADABLE_ID, CALL, ErrorCode.FormationViolation,
          "The message is not valid JSON", text, true);
    }
    if (!(parsed instanceof JsonArray frame)) {
      return new InboundFrame.Malformed(UNREADABLE_ID, CALL, ErrorCode.FormationViolation,
          "The message is not a JSON array", parsed == null ? text : parsed, true);
    }
    String id = frame.size() > 1 && frame.getValue(1) instanceof String s ? s : null;
    if (frame.isEmpty() || !(frame.getValue(0) instanceof Integer type)) {
      return malformed(frame, id, CALL, ErrorCode.FormationViolation,
          "The first element must be the message type 2, 3 or 4", true);
    }
    return switch (type) {
      case CALL -> call(frame, id, text);
      case CALL_RESULT -> callResult(frame, id, text);
      case CALL_ERROR -> callError(frame, id);
      default -> malformed(frame, id, CALL, ErrorCode.FormationViolation,
          "Unknown message type " + type, true);
    };
  }

  private static InboundFrame call(JsonArray frame, String id, String text) {
    if (id == null) {
      return malformed(frame, null, CALL, ErrorCode.FormationViolation,
          "The message id must be a string", true);
    }
    if (id.isEmpty() || id.length() > MAX_MESSAGE_ID_LENGTH) {
      return malformed(frame, id, CALL, ErrorCode.FormationViolation,
          "The message id must have 1 to 36 characters", true);
    }
    if (frame.size() < 3 || !(frame.getValue(2) instanceof String action)) {
      return malformed(frame, id, CALL, ErrorCode.FormationViolation,
          "A CALL is [2, messageId, action, payload]; the action must be a string", true);
    }
    if (frame.size() == 3) {
      return malformed(frame, id, CALL, ErrorCode.ProtocolError, "The CALL has no payload", true);
    }
    if (frame.size() > 4) {
      return malformed(frame, id, CALL, ErrorCode.FormationViolation,
          "A CALL has exactly 4 elements, this one has " + frame.size(), true);
    }
    if (!(frame.getValue(3) instanceof JsonObject payload)) {
      return malformed(frame, id, CALL, ErrorCode.FormationViolation,
          "The payload of a CALL must be a JSON object", true);
    }
    return new InboundFrame.Call(id, action, payload, payloadText(text));
  }

  private static InboundFrame callResult(JsonArray frame, String id, String text) {
    if (id == null || frame.size() != 3 || !(frame.getValue(2) instanceof JsonObject payload)) {
      return malformed(frame, id, CALL_RESULT, ErrorCode.FormationViolation,
          "A CALLRESULT is [3, messageId, payload]", false);
    }
    return new InboundFrame.CallResult(id, payload, payloadText(text));
  }

  /**
   * The payload's own text in a frame that parsed as {@code [type, "id", ("action",) {payload}]}: the elements
   * before it are a number and strings, so the payload starts at the first brace outside a string and ends at
   * the frame's last brace.
   */
  static String payloadText(String text) {
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        return text.substring(i, text.lastIndexOf('}') + 1);
      }
    }
    throw new IllegalArgumentException("no payload object in the frame");
  }

  private static InboundFrame callError(JsonArray frame, String id) {
    // The details element is required by OCPP-J but often omitted by chargers; its absence is tolerated.
    boolean shaped = id != null && (frame.size() == 4 || frame.size() == 5)
        && frame.getValue(2) instanceof String && frame.getValue(3) instanceof String
        && (frame.size() == 4 || frame.getValue(4) instanceof JsonObject);
    if (!shaped) {
      return malformed(frame, id, CALL_ERROR, ErrorCode.FormationViolation,
          "A CALLERROR is [4, messageId, errorCode, errorDescription, errorDetails]", false);
    }
    JsonObject details = frame.size() == 5 ? frame.getJsonObject(4) : new JsonObject();
    return new InboundFrame.CallError(id, frame.getString(2), frame.getString(3), details);
  }

  private static InboundFrame.Malformed malformed(JsonArray frame, String id, int type, ErrorCode code,
                                                  String description, boolean answer) {
    return new InboundFrame.Malformed(id == null ? UNREADABLE_ID : id, type, code, description, frame, answer);
  }
}
