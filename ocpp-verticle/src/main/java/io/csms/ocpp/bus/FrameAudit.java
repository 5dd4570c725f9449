package io.csms.ocpp.bus;

import io.csms.bus.HandedOverJson;
import io.csms.bus.PersistenceAddresses;
import io.csms.ocpp.framing.EncodedPayload;
import io.csms.ocpp.metrics.OcppMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sends every OCPP frame, in or out, to the audit log without waiting, in batches
 * ({@link PersistenceAddresses#AUDIT_APPEND_BATCH}): up to {@value #BATCH_FRAMES} frames, at most
 * {@value #FLUSH_MILLIS} ms after the first one. One event-bus message per frame was two per CALL on the
 * busiest path. Entries are handed over, not copied ({@link HandedOverJson}): the payloads they carry are
 * never modified after they were parsed or sent. Each frame is also counted in the OCPP metrics. Used on
 * the OCPP verticle's event loop only. A payload given as {@link EncodedPayload} also carries the text it went
 * over the wire as ({@code payloadText}), which the log stores as it is; any other payload is a JSON value it
 * encodes.
 *
 * <p>Frames of the actions in {@code ocpp.auditSkipActions} are left out when their exchange succeeds: such a
 * CALL is held until its answer, dropped with a CALLRESULT and logged before a CALLERROR, so a refused request
 * is still in the log with its payload. At most {@value #MAX_HELD_CALLS} CALLs are held (one per charge point
 * in practice); beyond that the oldest, whose answer never came, is dropped.
 */
public final class FrameAudit {
  /** Frames larger than this are logged as their beginning only (a text), so the log stays bounded. */
  private static final int MAX_TEXT_CHARS = 4096;
  static final int BATCH_FRAMES = 200;
  static final long FLUSH_MILLIS = 50;
  static final int MAX_HELD_CALLS = 16_384;
  private static final int CALL = 2;
  private static final int CALL_ERROR = 4;
  private static final DeliveryOptions HANDED_OVER = HandedOverJson.options();
  private final Vertx vertx;
  private final OcppMetrics metrics;
  private final Set<String> skipActions;
  // CALLs of skipped actions waiting for their answer, by charge point, direction and message id.
  private final Map<String, JsonObject> heldCalls = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, JsonObject> eldest) {
      return size() > MAX_HELD_CALLS;
    }
  };
  private JsonArray pending = new JsonArray();
  private long timer = -1;

  public FrameAudit(Vertx vertx, OcppMetrics metrics, Set<String> skipActions) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.skipActions = Set.copyOf(skipActions);
  }

  /** Sends what is waiting now (at stop, so that no frame stays behind). */
  public void flush() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (pending.isEmpty()) {
      return;
    }
    vertx.eventBus().send(PersistenceAddresses.AUDIT_APPEND_BATCH, new JsonObject().put("frames", pending),
        HANDED_OVER);
    pending = new JsonArray();
  }

  public void in(String chargePointId, int messageType, String action, String messageId, Object payload) {
    append(chargePointId, "IN", messageType, action, messageId, payload);
  }

  public void out(String chargePointId, int messageType, String action, String messageId, Object payload) {
    append(chargePointId, "OUT", messageType, action, messageId, payload);
  }

  /** The key of the CALL a frame belongs to: a CALL's answer travels in the other direction. */
  private static String callKey(String chargePointId, String direction, int messageType, String messageId) {
    String callDirection = messageType == CALL ? direction : "IN".equals(direction) ? "OUT" : "IN";
    return chargePointId + '\n' + callDirection + '\n' + messageId;
  }

  /** The beginning of an oversized or undecodable frame, as a JSON string. */
  public static String excerpt(String text) {
    return text.length() <= MAX_TEXT_CHARS ? text : text.substring(0, MAX_TEXT_CHARS) + "...(truncated)";
  }

  private void append(String chargePointId, String direction, int messageType, String action, String messageId,
                      Object payload) {
    metrics.frame(direction, messageType, action);
    boolean skipped = action != null && skipActions.contains(action);
    if (skipped && messageType != CALL && messageType != CALL_ERROR) {
      heldCalls.remove(callKey(chargePointId, direction, messageType, messageId));
      return;
    }
    JsonObject entry = new JsonObject()
        .put("chargePointId", chargePointId)
        .put("direction", direction)
        .put("messageType", messageType)
        .put("messageId", messageId)
        .put("at", Instant.now().toString());
    if (payload instanceof EncodedPayload encoded) {
      // Both: a persistence node of the previous release reads payload (docs/event-bus.md, versioning).
      entry.put("payload", encoded.value()).put("payloadText", encoded.text());
    } else {
      entry.put("payload", payload instanceof String s ? excerpt(s) : payload);
    }
    if (action != null) {
      entry.put("action", action);
    }
    if (skipped) {
      String key = callKey(chargePointId, direction, messageType, messageId);
      if (messageType == CALL) {
        heldCalls.put(key, entry);
        return;
      }
      JsonObject call = heldCalls.remove(key);
      if (call != null) {
        pending.add(call);
      }
    }
    pending.add(entry);
    if (pending.size() >= BATCH_FRAMES) {
      flush();
    } else if (timer < 0) {
      timer = vertx.setTimer(FLUSH_MILLIS, id -> {
        timer = -1;
        flush();
      });
    }
  }
}
