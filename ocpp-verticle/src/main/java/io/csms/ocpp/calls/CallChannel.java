package io.csms.ocpp.calls;

import io.vertx.core.json.JsonObject;

/** Where a charge point's outgoing CALLs are written: its WebSocket (and the audit log). */
@FunctionalInterface
public interface CallChannel {
  void sendCall(String messageId, String action, JsonObject payload);
}
