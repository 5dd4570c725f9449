package io.csms.ocpp.bus;

import io.csms.bus.PersistenceAddresses;
import io.csms.ocpp.metrics.OcppMetrics;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Sends every OCPP frame, in or out, to the audit log without waiting (the store batches), and counts it
 * in the OCPP metrics.
 */
public final class FrameAudit {
  /** Frames larger than this are logged as their beginning only (a text), so the log stays bounded. */
  private static final int MAX_TEXT_CHARS = 4096;
  private final EventBus bus;
  private final OcppMetrics metrics;

  public FrameAudit(EventBus bus, OcppMetrics metrics) {
    this.bus = bus;
    this.metrics = metrics;
  }

  public void in(String chargePointId, int messageType, String action, String messageId, Object payload) {
    append(chargePointId, "IN", messageType, action, messageId, payload);
  }

  public void out(String chargePointId, int messageType, String action, String messageId, Object payload) {
    append(chargePointId, "OUT", messageType, action, messageId, payload);
  }

  /** The beginning of an oversized or undecodable frame, as a JSON string. */
  public static String excerpt(String text) {
    return text.length() <= MAX_TEXT_CHARS ? text : text.substring(0, MAX_TEXT_CHARS) + "...(truncated)";
  }

  private void append(String chargePointId, String direction, int messageType, String action, String messageId,
                      Object payload) {
    metrics.frame(direction, messageType, action);
    JsonObject entry = new JsonObject()
        .put("chargePointId", chargePointId)
        .put("direction", direction)
        .put("messageType", messageType)
        .put("messageId", messageId)
        .put("payload", payload instanceof String s ? excerpt(s) : payload)
        .put("at", Instant.now().toString());
    if (action != null) {
      entry.put("action", action);
    }
    bus.send(PersistenceAddresses.AUDIT_APPEND, entry);
  }
}
