package io.csms.simulator.responder;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CSMS that does nothing: it accepts any charge point at {@code /ocpp/{id}} (subprotocol ocpp1.6) and
 * answers every core CALL at once with a canned, schema-valid CALLRESULT, without persistence. It is the
 * benchmark's ceiling for what the machine can do with the same frames, and a test double for the
 * simulator: it reports what it receives and can send CSMS-initiated CALLs.
 */
public final class NoOpResponder {
  private static final Logger LOG = LoggerFactory.getLogger(NoOpResponder.class);
  /**
   * A CALL a charge point sent, on its {@code connection}-th WebSocket (from 1), and the CALLRESULT
   * payload it got (null when answered with a CALLERROR).
   */
  public record ReceivedCall(String chargePointId, int connection, String action, JsonObject payload,
                             JsonObject answer) {
  }

  private final Vertx vertx;
  private final int heartbeatSeconds;
  private final Consumer<ReceivedCall> listener;
  private final Map<String, Link> links = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
  private final AtomicInteger transactionIds = new AtomicInteger();
  private final AtomicLong callsAnswered = new AtomicLong();
  private volatile String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  private volatile String bootAnswer;
  private volatile String heartbeatAnswer;
  private volatile int port;
  private volatile Predicate<ReceivedCall> refusal = call -> false;

  private NoOpResponder(Vertx vertx, int heartbeatSeconds, Consumer<ReceivedCall> listener) {
    this.vertx = vertx;
    this.heartbeatSeconds = heartbeatSeconds;
    this.listener = listener;
    refreshClock();
  }

  /**
   * Listens on {@code port} (0: any free port) with {@code instances} verticles sharing it. The
   * listener (may be null) sees every CALL, on event-loop threads.
   */
  public static Future<NoOpResponder> start(Vertx vertx, String host, int port, int instances,
                                            int heartbeatSeconds, Consumer<ReceivedCall> listener) {
    NoOpResponder responder = new NoOpResponder(vertx, heartbeatSeconds, listener);
    vertx.setPeriodic(1000, t -> responder.refreshClock());
    // Instances deployed together share one server, port 0 included.
    return vertx.deployVerticle(() -> responder.new Endpoint(host, port),
        new DeploymentOptions().setInstances(Math.max(1, instances))).map(responder);
  }

  public int port() {
    return port;
  }

  /**
   * From now on, answers CALLs matching {@code refusal} (seen with a null answer) with a CALLERROR
   * InternalError, as a CSMS that failed to process them would: how a simulator's retries are exercised.
   */
  public void refuseWhen(Predicate<ReceivedCall> refusal) {
    this.refusal = refusal;
  }

  /** CALLs answered so far. */
  public long callsAnswered() {
    return callsAnswered.get();
  }

  /** Charge points with an open WebSocket. */
  public int connected() {
    return links.size();
  }

  /**
   * Sends a CSMS-initiated CALL and completes with the charge point's answer frame, a CALLRESULT
   * {@code [3, id, payload]} or a CALLERROR {@code [4, id, code, description, details]}.
   */
  public Future<JsonArray> call(String chargePointId, String action, JsonObject payload) {
    Link link = links.get(chargePointId);
    if (link == null) {
      return Future.failedFuture("not connected: " + chargePointId);
    }
    return link.call(action, payload);
  }

  private void refreshClock() {
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    bootAnswer = new JsonObject().put("status", "Accepted").put("currentTime", now)
        .put("interval", heartbeatSeconds).encode();
    heartbeatAnswer = new JsonObject().put("currentTime", now).encode();
  }

  private String cannedAnswer(String action) {
    return switch (action) {
      case "BootNotification" -> bootAnswer;
      case "Heartbeat" -> heartbeatAnswer;
      case "Authorize", "StopTransaction" -> "{\"idTagInfo\":{\"status\":\"Accepted\"}}";
      case "StartTransaction" -> "{\"transactionId\":" + transactionIds.incrementAndGet()
          + ",\"idTagInfo\":{\"status\":\"Accepted\"}}";
      case "StatusNotification", "MeterValues", "DiagnosticsStatusNotification", "FirmwareStatusNotification" -> "{}";
      case "DataTransfer" -> "{\"status\":\"Accepted\"}";
      default -> null;
    };
  }

  /** One charge point's socket. */
  private final class Link {
    private final String chargePointId;
    private final int connection;
    private final ServerWebSocket socket;
    private final Map<String, Promise<JsonArray>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    Link(String chargePointId, ServerWebSocket socket) {
      this.chargePointId = chargePointId;
      this.connection = connections.computeIfAbsent(chargePointId, k -> new AtomicInteger()).incrementAndGet();
      this.socket = socket;
    }

    Future<JsonArray> call(String action, JsonObject payload) {
      String id = "csms-" + ids.incrementAndGet();
      Promise<JsonArray> answer = Promise.promise();
      pending.put(id, answer);
      socket.writeTextMessage(new JsonArray().add(2).add(id).add(action).add(payload).encode())
          .onFailure(e -> {
            pending.remove(id);
            answer.tryFail(e);
          });
      return answer.future();
    }

    void onText(String text) {
      JsonArray frame;
      try {
        frame = new JsonArray(text);
      } catch (RuntimeException e) {
        socket.writeTextMessage("[4,\"-1\",\"FormationViolation\",\"not a JSON array\",{}]");
        return;
      }
      Object type = frame.size() > 1 ? frame.getValue(0) : null;
      if (!(type instanceof Number) || !(frame.getValue(1) instanceof String id)) {
        socket.writeTextMessage("[4,\"-1\",\"FormationViolation\",\"not an OCPP-J frame\",{}]");
        return;
      }
      String quotedId = new JsonArray().add(id).encode();
      quotedId = quotedId.substring(1, quotedId.length() - 1);
      int messageType = ((Number) type).intValue();
      if (messageType == 3 || messageType == 4) {
        Promise<JsonArray> waiting = pending.remove(id);
        if (waiting != null) {
          waiting.complete(frame);
        }
        return;
      }
      if (messageType != 2 || frame.size() != 4 || !(frame.getValue(2) instanceof String action)
          || !(frame.getValue(3) instanceof JsonObject payload)) {
        socket.writeTextMessage("[4," + quotedId + ",\"FormationViolation\",\"CALL must be [2,id,action,{}]\",{}]");
        return;
      }
      String answer = cannedAnswer(action);
      boolean refused = answer != null && refusal.test(new ReceivedCall(chargePointId, connection, action, payload, null));
      if (refused) {
        answer = null;
      }
      if (listener != null) {
        try {
          listener.accept(new ReceivedCall(chargePointId, connection, action, payload,
              answer == null ? null : new JsonObject(answer)));
        } catch (RuntimeException e) {
          LOG.warn("Listener failed on {} from {}", action, chargePointId, e);
        }
      }
      if (refused) {
        socket.writeTextMessage("[4," + quotedId + ",\"InternalError\",\"" + action + " could not be processed\",{}]");
      } else if (answer == null) {
        socket.writeTextMessage("[4," + quotedId + ",\"NotImplemented\",\"" + action + " is not supported\",{}]");
      } else {
        callsAnswered.incrementAndGet();
        socket.writeTextMessage("[3," + quotedId + "," + answer + "]");
      }
    }
  }

  private final class Endpoint extends VerticleBase {
    private final String host;
    private final int requestedPort;
    private HttpServer server;

    Endpoint(String host, int requestedPort) {
      this.host = host;
      this.requestedPort = requestedPort;
    }

    @Override
    public Future<?> start() {
      server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(requestedPort)
          .setWebSocketSubProtocols(List.of("ocpp1.6")).setTcpNoDelay(true).setAcceptBacklog(4096));
      server.webSocketHandler(this::accept);
      return server.listen().onSuccess(s -> {
        if (port == 0) {
          port = s.actualPort();
        }
      });
    }

    private void accept(ServerWebSocket ws) {
      String path = ws.path();
      if (!path.startsWith("/ocpp/") || path.length() <= "/ocpp/".length()) {
        ws.close((short) 1008, "unknown path");
        return;
      }
      String id = path.substring("/ocpp/".length());
      Link link = new Link(id, ws);
      Link previous = links.put(id, link);
      if (previous != null) {
        previous.socket.close();
      }
      ws.textMessageHandler(link::onText);
      ws.exceptionHandler(e -> { });
      ws.closeHandler(v -> links.remove(id, link));
    }

    @Override
    public Future<?> stop() {
      return server == null ? Future.succeededFuture() : server.close();
    }
  }
}
