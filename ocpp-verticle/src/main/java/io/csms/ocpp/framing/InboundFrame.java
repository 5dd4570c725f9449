package io.csms.ocpp.framing;

import io.vertx.core.json.JsonObject;

/** One OCPP-J message received from a charge point, as far as its envelope could be read. */
public sealed interface InboundFrame {
  /** The OCPP-J message id; {@link FrameParser#UNREADABLE_ID} when it could not be read. */
  String messageId();

  /** {@code [2, messageId, action, payload]}; {@code payloadText} is the payload as the charge point wrote it. */
  record Call(String messageId, String action, JsonObject payload, String payloadText) implements InboundFrame {
    public EncodedPayload encoded() {
      return new EncodedPayload(payload, payloadText);
    }
  }

  /** {@code [3, messageId, payload]}; {@code payloadText} is the payload as the charge point wrote it. */
  record CallResult(String messageId, JsonObject payload, String payloadText) implements InboundFrame {
    public EncodedPayload encoded() {
      return new EncodedPayload(payload, payloadText);
    }
  }

  /** {@code [4, messageId, errorCode, errorDescription, errorDetails]}. */
  record CallError(String messageId, String errorCode, String errorDescription, JsonObject errorDetails)
      implements InboundFrame {
  }

  /**
   * A message whose envelope is broken. {@code answer} says whether it deserves a CALLERROR (CALLs and
   * unreadable frames do; a broken CALLRESULT or CALLERROR is never answered, OCPP-J answers only CALLs).
   * {@code messageType} is 2, 3 or 4 as far as it could be read (2 when it could not: the frame is treated
   * as a CALL we could not read). {@code auditPayload} is the frame as JSON when it parsed, else its text.
   */
  record Malformed(String messageId, int messageType, ErrorCode errorCode, String description,
                   Object auditPayload, boolean answer) implements InboundFrame {
  }
}
