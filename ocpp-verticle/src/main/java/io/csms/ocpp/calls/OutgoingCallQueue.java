package io.csms.ocpp.calls;

import io.csms.bus.BusFailure;
import io.csms.ocpp.validation.SchemaCatalog;
import io.csms.ocpp.validation.Violation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CSMS-initiated CALLs of one charge point. OCPP-J allows one outstanding CALL per direction, so one
 * is on the wire and the others wait, first in first out, up to a limit (beyond it: BUSY). The outstanding
 * CALL ends with the charger's CALLRESULT (checked against the response schema), its CALLERROR
 * (CALL_ERROR), its time-out (TIMEOUT) or the connection's end (CONFLICT). Used on the session's event
 * loop only.
 */
public final class OutgoingCallQueue {
  private static final Logger LOG = LoggerFactory.getLogger(OutgoingCallQueue.class);

  private final Vertx vertx;
  private final SchemaCatalog schemas;
  private final CallChannel channel;
  private final String chargePointId;
  private final int limit;
  private ArrayDeque<PendingCall> waiting;
  private PendingCall outstanding;
  private long sequence;
  private String closedReason;

  private static final class PendingCall {
    final String action;
    final JsonObject payload;
    final long timeoutMillis;
    final Promise<JsonObject> promise = Promise.promise();
    String messageId;
    long timer = -1;

    PendingCall(String action, JsonObject payload, long timeoutMillis) {
      this.action = action;
      this.payload = payload;
      this.timeoutMillis = timeoutMillis;
    }
  }

  public OutgoingCallQueue(Vertx vertx, SchemaCatalog schemas, CallChannel channel, String chargePointId,
                           int limit) {
    this.vertx = vertx;
    this.schemas = schemas;
    this.channel = channel;
    this.chargePointId = chargePointId;
    this.limit = limit;
  }

  /** Queues a CALL whose payload is already schema-valid; completes with the charger's CALLRESULT payload. */
  public Future<JsonObject> submit(String action, JsonObject payload, long timeoutMillis) {
    if (closedReason != null) {
      return Future.failedFuture(new CallFailure(BusFailure.CONFLICT, closedReason));
    }
    PendingCall call = new PendingCall(action, payload, timeoutMillis);
    if (outstanding == null) {
      send(call);
    } else {
      if (waiting == null) {
        waiting = new ArrayDeque<>(4);
      }
      if (waiting.size() >= limit) {
        return Future.failedFuture(new CallFailure(BusFailure.BUSY,
            chargePointId + " already has " + waiting.size() + " CALLs waiting"));
      }
      waiting.add(call);
    }
    return call.promise.future();
  }

  /** A CALLRESULT arrived. Returns the action it answered, or null when it answered nothing outstanding. */
  public String onResult(String messageId, JsonObject payload) {
    PendingCall call = take(messageId);
    if (call == null) {
      return null;
    }
    Violation broken = schemas.checkResponse(call.action, payload);
    if (broken == null) {
      call.promise.tryComplete(payload);
    } else {
      call.promise.tryFail(new CallFailure(BusFailure.CALL_ERROR, invalidResult(
          "The CALLRESULT violates the " + call.action + " response schema: " + broken.description(),
          broken.details())));
    }
    next();
    return call.action;
  }

  /** A CALLERROR arrived. Returns the action it answered, or null when it answered nothing outstanding. */
  public String onError(String messageId, String errorCode, String description, JsonObject details) {
    PendingCall call = take(messageId);
    if (call == null) {
      return null;
    }
    call.promise.tryFail(new CallFailure(BusFailure.CALL_ERROR, new JsonObject()
        .put("errorCode", errorCode)
        .put("errorDescription", description)
        .put("errorDetails", details).encode()));
    next();
    return call.action;
  }

  /**
   * An answer that could not be read (too large): fails the outstanding CALL it answers with CALL_ERROR
   * ({@code InvalidCallResult}). Returns the action it answered, or null.
   */
  public String onUnreadableAnswer(String messageId, String description) {
    PendingCall call = take(messageId);
    if (call == null) {
      return null;
    }
    call.promise.tryFail(new CallFailure(BusFailure.CALL_ERROR, invalidResult(description, new JsonObject())));
    next();
    return call.action;
  }

  private static String invalidResult(String description, JsonObject details) {
    return new JsonObject().put("errorCode", "InvalidCallResult").put("errorDescription", description)
        .put("errorDetails", details).encode();
  }

  /** The connection ended: every CALL, sent or waiting, fails with CONFLICT. */
  public void close(String reason) {
    if (closedReason != null) {
      return;
    }
    closedReason = reason;
    if (outstanding != null) {
      vertx.cancelTimer(outstanding.timer);
      outstanding.promise.tryFail(new CallFailure(BusFailure.CONFLICT, reason));
      outstanding = null;
    }
    if (waiting != null) {
      for (PendingCall call : waiting) {
        call.promise.tryFail(new CallFailure(BusFailure.CONFLICT, reason));
      }
      waiting.clear();
    }
  }

  private PendingCall take(String messageId) {
    PendingCall call = outstanding;
    if (call == null || !call.messageId.equals(messageId)) {
      LOG.info("{} answered message {}, which is not outstanding (late or unknown); dropped",
          chargePointId, messageId);
      return null;
    }
    vertx.cancelTimer(call.timer);
    outstanding = null;
    return call;
  }

  private void send(PendingCall call) {
    outstanding = call;
    call.messageId = Long.toString(++sequence);
    call.timer = vertx.setTimer(call.timeoutMillis, id -> {
      if (outstanding == call) {
        outstanding = null;
        call.promise.tryFail(new CallFailure(BusFailure.TIMEOUT, chargePointId + " did not answer "
            + call.action + " within " + call.timeoutMillis + " ms"));
        next();
      }
    });
    channel.sendCall(call.messageId, call.action, call.payload);
  }

  private void next() {
    if (outstanding == null && closedReason == null && waiting != null && !waiting.isEmpty()) {
      send(waiting.poll());
    }
  }
}
