package io.csms.simulator;

import io.csms.simulator.metrics.SimulationStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The OCPP-J link of one charge point, used only from its event loop. CALLs go out one at a time, as
 * OCPP-J requires; the others wait in order. Messages a real charger must not lose (transaction
 * messages) survive a disconnection: they stay queued and are sent after the next connection, the
 * one in flight at the moment of the cut first, payloads being built at send time so a queued MeterValues
 * picks up the transaction id its queued StartTransaction got. Other queued CALLs fail when the link
 * drops.
 *
 * <p>A transaction message the CSMS failed to process (a CALLERROR other than one saying the message itself
 * is wrong, or no answer in time) is sent again as OCPP 1.6 asks ("Error responses to transaction-related
 * messages"): up to {@code TransactionMessageAttempts} transmissions in all, waiting
 * {@code TransactionMessageRetryInterval} times the number of transmissions so far before each. While one
 * waits, later transaction messages wait behind it, so the CSMS never sees a stop before its start or
 * readings out of order; other CALLs (heartbeats, status) go on.
 */
final class OcppChannel {
  /** How transaction messages are retried; read at each failure, so ChangeConfiguration applies at once. */
  record TransactionRetry(long attempts, long intervalMillis) {
  }

  /** CALLERRORs that say the message is wrong rather than that the CSMS failed: sending it again cannot help. */
  private static final Set<String> PERMANENT_ERRORS = Set.of("FormationViolation", "FormatViolation",
      "ProtocolError", "PropertyConstraintViolation", "OccurenceConstraintViolation",
      "OccurrenceConstraintViolation", "TypeConstraintViolation", "NotImplemented", "NotSupported",
      "SecurityError");

  /** What the charge point answers to a CSMS-initiated CALL, and what it does once the answer is sent. */
  record Answer(JsonObject payload, Runnable then) {
    static Answer of(JsonObject payload) {
      return new Answer(payload, null);
    }
  }

  /** Answers CSMS-initiated CALLs; throws {@link OcppCallError} to send a CALLERROR. */
  interface IncomingCalls {
    Answer answer(String action, JsonObject payload);
  }

  private static final class Outgoing {
    final String action;
    final Supplier<JsonObject> payload;
    final boolean keepOffline;
    final Promise<JsonObject> promise = Promise.promise();
    String messageId;
    long sentAtNanos;
    long timer = -1;
    int transmissions;
    long retryTimer = -1;

    Outgoing(String action, Supplier<JsonObject> payload, boolean keepOffline) {
      this.action = action;
      this.payload = payload;
      this.keepOffline = keepOffline;
    }
  }

  private final Vertx vertx;
  private final SimulationStats stats;
  private final long callTimeoutMillis;
  private final IncomingCalls incoming;
  private final Supplier<TransactionRetry> retry;
  private final Deque<Outgoing> queue = new ArrayDeque<>();
  private WebSocket socket;
  private Outgoing inFlight;
  private Outgoing priority;
  /** A transaction message waiting to be sent again; later transaction messages wait behind it. */
  private Outgoing retrying;
  private boolean held;
  private long nextId;
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();

  OcppChannel(Vertx vertx, SimulationStats stats, long callTimeoutMillis, IncomingCalls incoming,
              Supplier<TransactionRetry> retry) {
    this.vertx = vertx;
    this.stats = stats;
    this.callTimeoutMillis = callTimeoutMillis;
    this.incoming = incoming;
    this.retry = retry;
  }

  boolean isConnected() {
    return socket != null;
  }

  /** Starts using a fresh socket; queued CALLs wait until {@link #release()} when {@code hold}. */
  void attach(WebSocket webSocket, boolean hold) {
    socket = webSocket;
    held = hold;
    webSocket.textMessageHandler(this::onText);
    pump();
  }

  /** Lets queued CALLs flow (after a BootNotification was accepted). */
  void release() {
    held = false;
    pump();
  }

  /** The socket is gone: transaction messages stay queued, everything else fails. */
  void detach() {
    socket = null;
    if (priority != null) {
      priority.promise.tryFail(new OcppCallError("Disconnected", priority.action + " dropped: offline"));
      priority = null;
    }
    Outgoing cut = inFlight;
    inFlight = null;
    if (cut != null) {
      vertx.cancelTimer(cut.timer);
      if (cut.keepOffline) {
        queue.addFirst(cut);
      } else {
        cut.promise.tryFail(new OcppCallError("Disconnected", cut.action + " cut by a disconnection"));
      }
    }
    queue.removeIf(o -> {
      if (!o.keepOffline) {
        o.promise.tryFail(new OcppCallError("Disconnected", o.action + " dropped: offline"));
        return true;
      }
      return false;
    });
    // A new connection is a fresh chance (the CSMS may have restarted): the waiting message goes first then.
    retryNow();
  }

  /** Sends a transaction message waiting for its retry as soon as it can (after a reconnection, or at switch-off). */
  void retryNow() {
    Outgoing waiting = retrying;
    if (waiting != null) {
      retrying = null;
      vertx.cancelTimer(waiting.retryTimer);
      queue.addFirst(waiting);
      pump();
    }
  }

  /** Queues a CALL; fails at once when offline unless the message must survive being offline. */
  Future<JsonObject> call(String action, Supplier<JsonObject> payload, boolean keepOffline) {
    Outgoing out = new Outgoing(action, payload, keepOffline);
    if (socket == null && !keepOffline) {
      return Future.failedFuture(new OcppCallError("Disconnected", action + " not sent: offline"));
    }
    queue.addLast(out);
    pump();
    return out.promise.future();
  }

  /** A CALL that goes before anything queued and even while the queue is held (BootNotification). */
  Future<JsonObject> callFirst(String action, JsonObject payload) {
    if (socket == null) {
      return Future.failedFuture(new OcppCallError("Disconnected", action + " not sent: offline"));
    }
    Outgoing out = new Outgoing(action, () -> payload, false);
    if (priority != null) {
      priority.promise.tryFail(new OcppCallError("Superseded", action + " sent again"));
    }
    priority = out;
    pump();
    return out.promise.future();
  }

  /** Completes once no transaction message is queued or in flight. */
  Future<Void> transactionMessagesDelivered() {
    if (undeliveredTransactionMessages() == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    drainWaiters.add(drained);
    return drained.future();
  }

  private void checkDrained() {
    if (!drainWaiters.isEmpty() && undeliveredTransactionMessages() == 0) {
      List<Promise<Void>> waiting = new ArrayList<>(drainWaiters);
      drainWaiters.clear();
      waiting.forEach(Promise::tryComplete);
    }
  }

  /** Transaction messages not yet answered: what would be lost if the charger were switched off now. */
  int undeliveredTransactionMessages() {
    int n = (inFlight != null && inFlight.keepOffline) ? 1 : 0;
    n += retrying != null ? 1 : 0;
    for (Outgoing o : queue) {
      if (o.keepOffline) {
        n++;
      }
    }
    return n;
  }

  private void pump() {
    checkDrained();
    if (socket == null || inFlight != null) {
      return;
    }
    if (priority != null) {
      Outgoing next = priority;
      priority = null;
      send(next);
    } else if (!held) {
      Outgoing next = retrying == null ? queue.pollFirst() : pollFirstOtherThanTransactionMessage();
      if (next != null) {
        send(next);
      }
    }
  }

  private Outgoing pollFirstOtherThanTransactionMessage() {
    for (Iterator<Outgoing> it = queue.iterator(); it.hasNext(); ) {
      Outgoing o = it.next();
      if (!o.keepOffline) {
        it.remove();
        return o;
      }
    }
    return null;
  }

  /** Schedules the next transmission of a transaction message the CSMS failed to process; false when spent. */
  private boolean retryLater(Outgoing out, String errorCode) {
    TransactionRetry policy = retry.get();
    if (!out.keepOffline || PERMANENT_ERRORS.contains(errorCode) || out.transmissions >= policy.attempts()) {
      return false;
    }
    retrying = out;
    stats.transactionMessageRetried();
    out.retryTimer = vertx.setTimer(Math.max(1, policy.intervalMillis() * out.transmissions), t -> {
      out.retryTimer = -1;
      if (retrying == out) {
        retryNow();
      }
    });
    return true;
  }

  private void send(Outgoing out) {
    inFlight = out;
    out.transmissions++;
    out.messageId = Long.toString(++nextId, 36);
    JsonObject payload;
    try {
      payload = out.payload.get();
    } catch (RuntimeException e) {
      inFlight = null;
      out.promise.tryFail(e);
      pump();
      return;
    }
    String frame = new JsonArray().add(2).add(out.messageId).add(out.action).add(payload).encode();
    out.sentAtNanos = System.nanoTime();
    out.timer = vertx.setTimer(callTimeoutMillis, t -> onTimeout(out));
    stats.callSent();
    WebSocket ws = socket;
    ws.writeTextMessage(frame).onFailure(e -> {
      if (inFlight == out && socket == ws) {
        ws.close(); // the close handler detaches and requeues
      }
    });
  }

  private void onTimeout(Outgoing out) {
    if (inFlight != out) {
      return;
    }
    inFlight = null;
    stats.error("timeout:" + out.action);
    if (!retryLater(out, "Timeout")) {
      out.promise.tryFail(new OcppCallError("Timeout", out.action + " unanswered"));
    }
    pump();
  }

  private void onText(String text) {
    JsonArray frame;
    try {
      frame = new JsonArray(text);
    } catch (RuntimeException e) {
      stats.error("protocol:not-json");
      return;
    }
    Object type = frame.size() > 1 ? frame.getValue(0) : null;
    Object id = frame.getValue(1);
    if (!(type instanceof Number) || !(id instanceof String messageId)) {
      stats.error("protocol:bad-frame");
      return;
    }
    switch (((Number) type).intValue()) {
      case 2 -> onCall(messageId, frame);
      case 3, 4 -> onAnswer(messageId, frame);
      default -> stats.error("protocol:bad-message-type");
    }
  }

  private void onAnswer(String messageId, JsonArray frame) {
    Outgoing out = inFlight;
    if (out == null || !messageId.equals(out.messageId)) {
      stats.error("protocol:unexpected-answer");
      return;
    }
    inFlight = null;
    vertx.cancelTimer(out.timer);
    long latency = System.nanoTime() - out.sentAtNanos;
    int type = frame.getInteger(0);
    if (type == 3 && frame.size() == 3 && frame.getValue(2) instanceof JsonObject payload) {
      stats.answered(out.action, latency);
      out.promise.tryComplete(payload);
    } else if (type == 4 && frame.size() >= 4) {
      stats.answered(out.action, latency);
      String code = String.valueOf(frame.getValue(2));
      stats.error("CALLERROR:" + code + ":" + out.action);
      if (!retryLater(out, code)) {
        out.promise.tryFail(new OcppCallError(code, String.valueOf(frame.getValue(3))));
      }
    } else {
      stats.error("protocol:bad-answer:" + out.action);
      out.promise.tryFail(new OcppCallError("ProtocolError", "answer of the wrong shape"));
    }
    pump();
  }

  private void onCall(String messageId, JsonArray frame) {
    stats.window().csmsCallsReceived.increment();
    String encodedId = new JsonArray().add(messageId).encode();
    encodedId = encodedId.substring(1, encodedId.length() - 1);
    if (frame.size() != 4 || !(frame.getValue(2) instanceof String action)
        || !(frame.getValue(3) instanceof JsonObject payload)) {
      writeCallError(encodedId, "FormationViolation", "CALL must be [2, id, action, {payload}]");
      return;
    }
    Answer answer;
    try {
      answer = incoming.answer(action, payload);
    } catch (OcppCallError e) {
      writeCallError(encodedId, e.errorCode(), e.getMessage());
      return;
    } catch (RuntimeException e) {
      writeCallError(encodedId, "InternalError", "charge point failed to handle " + action);
      return;
    }
    if (socket != null) {
      socket.writeTextMessage("[3," + encodedId + "," + answer.payload().encode() + "]");
    }
    if (answer.then() != null) {
      answer.then().run();
    }
  }

  private void writeCallError(String encodedId, String code, String description) {
    if (socket != null) {
      String rest = new JsonArray().add(code).add(description).add(new JsonObject()).encode();
      socket.writeTextMessage("[4," + encodedId + "," + rest.substring(1));
    }
  }
}
