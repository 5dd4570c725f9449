package io.csms.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A charge point for tests: a real WebSocket client speaking OCPP-J 1.6 that is strict about what the
 * CSMS sends. Every CALLRESULT is checked against the official response schema of its action and every
 * CSMS-initiated CALL against the request schema; a violation fails the call's future (or is recorded in
 * {@link #protocolViolations()}), so tests notice a CSMS that answers outside the standard.
 */
public final class OcppTestClient {
  private final WebSocketClient client;
  private final WebSocket socket;
  private final AtomicLong ids = new AtomicLong();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Map<String, Function<JsonObject, Future<JsonObject>>> callHandlers = new ConcurrentHashMap<>();
  private final Queue<JsonArray> unmatched = new ArrayDeque<>();
  // Filled from the test thread, drained on the event loop.
  private final Queue<Promise<JsonArray>> frameWaiters = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Queue<JsonObject> receivedCalls = new ArrayDeque<>();
  private final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Promise<Short> closed = Promise.promise();
  private final Map<Integer, Promise<Void>> pingWaiters = new java.util.HashMap<>();
  private int pings;

  private record Pending(String action, Promise<JsonObject> promise) {
  }

  private OcppTestClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(this::onText);
    socket.closeHandler(v -> {
      closed.tryComplete(socket.closeStatusCode());
      synchronized (this) {
        pingWaiters.values().forEach(w -> w.tryFail("closed after " + pings + " pings"));
      }
    });
    socket.frameHandler(frame -> {
      if (frame.isPing()) {
        Promise<Void> waiter;
        synchronized (this) {
          pings++;
          waiter = pingWaiters.remove(pings);
        }
        if (waiter != null) {
          waiter.complete();
        }
      }
    });
  }

  /**
   * Completes once the server has sent {@code count} WebSocket pings in all (Vert.x answers each with a pong
   * by itself); fails if the connection closes first.
   */
  public synchronized Future<Void> pinged(int count) {
    if (pings >= count) {
      return Future.succeededFuture();
    }
    return pingWaiters.computeIfAbsent(count, c -> Promise.promise()).future();
  }

  /**
   * Opens {@code wsBaseUrl + "/" + chargePointId} offering the {@code ocpp1.6} subprotocol, e.g.
   * {@code connect(vertx, "ws://127.0.0.1:8180/ocpp", "CP-1")}. Fails with the server's
   * {@link io.vertx.core.http.UpgradeRejectedException} when the handshake is refused.
   */
  public static Future<OcppTestClient> connect(Vertx vertx, String wsBaseUrl, String chargePointId) {
    return connect(vertx, wsBaseUrl, chargePointId, List.of("ocpp1.6"));
  }

  /** As {@link #connect(Vertx, String, String)}, offering the given subprotocols (possibly none). */
  public static Future<OcppTestClient> connect(Vertx vertx, String wsBaseUrl, String chargePointId,
                                              List<String> subProtocols) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(1024 * 1024).setMaxMessageSize(4 * 1024 * 1024));
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setAbsoluteURI(wsBaseUrl + "/" + chargePointId)
        .setSubProtocols(subProtocols);
    return client.connect(options)
        .map(ws -> new OcppTestClient(client, ws))
        .onFailure(e -> client.close());
  }

  /** The subprotocol the server chose. */
  public String subProtocol() {
    return socket.subProtocol();
  }

  /**
   * Sends a CALL and completes with the CALLRESULT payload once it has been validated against the
   * action's response schema. Fails with {@link CallError} on a CALLERROR, or with an
   * {@link AssertionError} when the answer violates the schema.
   */
  public Future<JsonObject> call(String action, JsonObject payload) {
    String id = "t" + ids.incrementAndGet();
    Promise<JsonObject> promise = Promise.promise();
    pending.put(id, new Pending(action, promise));
    socket.writeTextMessage(new JsonArray().add(2).add(id).add(action).add(payload).encode())
        .onFailure(e -> {
          pending.remove(id);
          promise.tryFail(e);
        });
    return promise.future();
  }

  /**
   * Sends any text as a frame (malformed ones included) and completes with the next frame the server
   * sends that no pending call claims: the CALLERROR for a bad frame, typically.
   */
  public Future<JsonArray> sendRaw(String text) {
    Promise<JsonArray> next = Promise.promise();
    frameWaiters.add(next);
    socket.writeTextMessage(text).onFailure(next::tryFail);
    return next.future();
  }

  /** Sends any text as a frame without waiting for anything in return. */
  public Future<Void> send(String text) {
    return socket.writeTextMessage(text);
  }

  /**
   * Sends a binary WebSocket message (not OCPP-J) and completes with the next frame the server sends that no
   * pending call claims.
   */
  public Future<JsonArray> sendBinary(io.vertx.core.buffer.Buffer data) {
    Promise<JsonArray> next = Promise.promise();
    frameWaiters.add(next);
    socket.writeBinaryMessage(data).onFailure(next::tryFail);
    return next.future();
  }

  /** Answers CSMS-initiated CALLs of this action with the handler's payload (schema-checked first). */
  public OcppTestClient onCall(String action, Function<JsonObject, Future<JsonObject>> handler) {
    callHandlers.put(action, handler);
    return this;
  }

  /** CSMS-initiated CALLs received so far, as {@code {action, messageId, payload}}. */
  public synchronized List<JsonObject> receivedCalls() {
    return List.copyOf(receivedCalls);
  }

  /** Everything the CSMS sent that broke the OCPP-J framing or the schemas. */
  public List<String> protocolViolations() {
    return List.copyOf(violations);
  }

  /** Completes with the close status code when the server (or we) close the socket. */
  public Future<Short> closed() {
    return closed.future();
  }

  public boolean isClosed() {
    return socket.isClosed();
  }

  public Future<Void> close() {
    return socket.close().eventually(client::close);
  }

  private void onText(String text) {
    JsonArray frame;
    try {
      frame = new JsonArray(text);
    } catch (DecodeException e) {
      violations.add("not a JSON array: " + text);
      return;
    }
    int type = frame.size() > 0 && frame.getValue(0) instanceof Number n ? n.intValue() : -1;
    String id = frame.size() > 1 && frame.getValue(1) instanceof String s ? s : null;
    Pending waiting = id == null ? null : pending.remove(id);
    if (type == 3 && waiting != null && frame.size() == 3) {
      JsonObject payload = frame.getJsonObject(2);
      String violation = OcppSchemas.violations(waiting.action() + "Response", payload);
      if (violation != null) {
        violations.add(violation);
        waiting.promise().fail(new AssertionError("CALLRESULT violates the schema: " + violation));
      } else {
        waiting.promise().complete(payload);
      }
    } else if (type == 4 && waiting != null && frame.size() == 5) {
      waiting.promise().fail(new CallError(frame.getString(2), frame.getString(3), frame.getJsonObject(4)));
    } else if (type == 2 && frame.size() == 4 && id != null) {
      onServerCall(id, frame.getString(2), frame.getJsonObject(3));
    } else {
      if (waiting != null) {
        violations.add("answer of the wrong shape: " + text);
        waiting.promise().fail(new AssertionError("answer of the wrong shape: " + text));
        return;
      }
      Promise<JsonArray> waiter = frameWaiters.poll();
      if (waiter != null) {
        waiter.complete(frame);
      } else {
        synchronized (this) {
          unmatched.add(frame);
        }
      }
    }
  }

  private void onServerCall(String messageId, String action, JsonObject payload) {
    synchronized (this) {
      receivedCalls.add(new JsonObject().put("action", action).put("messageId", messageId).put("payload", payload));
    }
    String violation = OcppSchemas.violations(action, payload);
    if (violation != null) {
      violations.add(violation);
    }
    Function<JsonObject, Future<JsonObject>> handler = callHandlers.get(action);
    if (handler == null) {
      return; // a charge point that never answers: the tests of CSMS time-outs rely on this
    }
    handler.apply(payload).onComplete(ar -> {
      if (ar.succeeded()) {
        socket.writeTextMessage(new JsonArray().add(3).add(messageId).add(ar.result()).encode());
      } else {
        socket.writeTextMessage(new JsonArray().add(4).add(messageId).add("InternalError")
            .add(String.valueOf(ar.cause().getMessage())).add(new JsonObject()).encode());
      }
    });
  }

  /** A CALLERROR answer to one of our CALLs. */
  public static final class CallError extends RuntimeException {
    private final String errorCode;
    private final JsonObject details;

    CallError(String errorCode, String description, JsonObject details) {
      super(errorCode + ": " + description);
      this.errorCode = errorCode;
      this.details = details;
    }

    public String errorCode() {
      return errorCode;
    }

    public JsonObject details() {
      return details;
    }
  }
}
