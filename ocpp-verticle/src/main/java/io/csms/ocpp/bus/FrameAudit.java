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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sends every OCPP frame, in or out, to the audit log without waiting, in batches
 * ({@link PersistenceAddresses#AUDIT_APPEND_EXCHANGES}): up to {@value #BATCH_ENTRIES} entries, at most
 * {@value #FLUSH_MILLIS} ms after the first one. One event-bus message per frame was two per CALL on the
 * busiest path. Entries are handed over, not copied ({@link HandedOverJson}): the payloads they carry are
 * never modified after they were parsed or sent. Each frame is also counted in the OCPP metrics. Used on
 * the OCPP verticle's event loop only. A payload given as {@link EncodedPayload} also carries the text it went
 * over the wire as ({@code payloadText}), which the log stores as it is; any other payload is a JSON value it
 * encodes.
 *
 * <p>A CALL is held until its answer and sent with it as one entry (its {@code answer}), which the log stores as
 * one row: two rows per exchange made the audit log the database's largest writer. A CALL still unanswered after
 * {@value #HOLD_MILLIS} to twice that many ms (a charge point that went away, a command that timed out) is sent
 * alone, and its answer, should it come, alone too; so is the oldest held CALL beyond {@value #MAX_HELD_CALLS}
 * (one per charge point and direction in practice), and every held CALL at {@link #flush()}.
 *
 * <p>Frames of the actions in {@code ocpp.auditSkipActions} are left out when their exchange succeeds: such a
 * CALL is dropped with its CALLRESULT and logged with a CALLERROR, so a refused request is still in the log with
 * its payload.
 */
public final class FrameAudit {
  /** Frames larger than this are logged as their beginning only (a text), so the log stays bounded. */
  private static final int MAX_TEXT_CHARS = 4096;
  static final int BATCH_ENTRIES = 200;
  static final long FLUSH_MILLIS = 50;
  static final long HOLD_MILLIS = 10_000;
  static final int MAX_HELD_CALLS = 16_384;
  private static final int CALL = 2;
  private static final int CALL_RESULT = 3;
  private static final DeliveryOptions HANDED_OVER = HandedOverJson.options();
  private final Vertx vertx;
  private final OcppMetrics metrics;
  private final Set<String> skipActions;
  // CALLs waiting for their answer, oldest first, by charge point, direction and message id.
  private final Map<String, HeldCall> heldCalls = new LinkedHashMap<>();
  private final long sweepTimer;
  private JsonArray pending = new JsonArray();
  private long timer = -1;

  private record HeldCall(JsonObject entry, long heldSince) {
  }

  public FrameAudit(Vertx vertx, OcppMetrics metrics, Set<String> skipActions) {
    this(vertx, metrics, skipActions, HOLD_MILLIS);
  }

  FrameAudit(Vertx vertx, OcppMetrics metrics, Set<String> skipActions, long holdMillis) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.skipActions = Set.copyOf(skipActions);
    this.sweepTimer = vertx.setPeriodic(holdMillis,
        id -> releaseCallsHeldSince(System.currentTimeMillis() - holdMillis));
  }

  /** Sends every held CALL and what is waiting now (at stop, so that no frame stays behind). */
  public void flush() {
    vertx.cancelTimer(sweepTimer);
    releaseCallsHeldSince(Long.MAX_VALUE);
    send();
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
    String key = callKey(chargePointId, direction, messageType, messageId);
    if (messageType == CALL) {
      HeldCall earlier = heldCalls.remove(key);
      if (earlier != null) { // the same message id again before its answer: the first goes alone
        add(earlier.entry());
      }
      JsonObject call = addressed(frame(messageType, payload), chargePointId, direction, messageId, action);
      heldCalls.put(key, new HeldCall(call, System.currentTimeMillis()));
      if (heldCalls.size() > MAX_HELD_CALLS) {
        Iterator<HeldCall> oldest = heldCalls.values().iterator();
        add(oldest.next().entry());
        oldest.remove();
      }
      return;
    }
    HeldCall call = heldCalls.remove(key);
    if (messageType == CALL_RESULT && action != null && skipActions.contains(action)) {
      return; // a successful exchange of a skipped action
    }
    JsonObject answer = frame(messageType, payload);
    // Without its CALL (sent alone, or before this node started) the answer is a frame of its own.
    add(call != null ? call.entry().put("answer", answer)
        : addressed(answer, chargePointId, direction, messageId, action));
  }

  /** A frame's type, time and payload: an answer travels as this, inside its CALL's entry. */
  private static JsonObject frame(int messageType, Object payload) {
    JsonObject frame = new JsonObject().put("messageType", messageType).put("at", Instant.now().toString());
    if (payload instanceof EncodedPayload encoded) {
      // Both: a persistence node of the previous release reads payload (docs/event-bus.md, versioning).
      return frame.put("payload", encoded.value()).put("payloadText", encoded.text());
    }
    return frame.put("payload", payload instanceof String s ? excerpt(s) : payload);
  }

  /** The frame as an entry of its own: whose it is, which way it went, which exchange it belongs to. */
  private static JsonObject addressed(JsonObject frame, String chargePointId, String direction, String messageId,
                                      String action) {
    frame.put("chargePointId", chargePointId).put("direction", direction).put("messageId", messageId);
    return action == null ? frame : frame.put("action", action);
  }

  /** Sends alone, oldest first, the CALLs held since before {@code millis}. */
  private void releaseCallsHeldSince(long millis) {
    Iterator<HeldCall> held = heldCalls.values().iterator();
    while (held.hasNext()) {
      HeldCall call = held.next();
      if (call.heldSince() >= millis) {
        return;
      }
      add(call.entry()); // even of a skipped action: its exchange has not succeeded (yet)
      held.remove();
    }
  }

  private void add(JsonObject entry) {
    pending.add(entry);
    if (pending.size() >= BATCH_ENTRIES) {
      send();
    } else if (timer < 0) {
      timer = vertx.setTimer(FLUSH_MILLIS, id -> {
        timer = -1;
        send();
      });
    }
  }

  private void send() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (pending.isEmpty()) {
      return;
    }
    vertx.eventBus().send(PersistenceAddresses.AUDIT_APPEND_EXCHANGES, new JsonObject().put("frames", pending),
        HANDED_OVER);
    pending = new JsonArray();
  }
}
