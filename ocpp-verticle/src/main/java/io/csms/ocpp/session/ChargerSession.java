package io.csms.ocpp.session;

import io.csms.ocpp.calls.OutgoingCallQueue;
import io.csms.ocpp.framing.ErrorCode;
import io.csms.ocpp.framing.FrameEncoder;
import io.csms.ocpp.framing.EncodedPayload;
import io.csms.ocpp.framing.FrameParser;
import io.csms.ocpp.framing.InboundFrame;
import io.csms.ocpp.bus.FrameAudit;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One charge point's WebSocket connection, as an actor on its event loop: inbound CALLs are answered one
 * after the other, in arrival order, each only once its handler has completed (after the commit). Answers
 * to our own CALLs (CALLRESULT, CALLERROR) bypass that queue so they are never held up by a slow store.
 * Nothing a charge point sends closes the connection: bad frames are answered with a CALLERROR.
 */
public final class ChargerSession {
  private static final Logger LOG = LoggerFactory.getLogger(ChargerSession.class);
  /** A conforming charge point has one CALL outstanding; more than this waiting is a misbehaving one. */
  private static final int INBOX_LIMIT = 32;
  /** Enough of an oversized frame to read its type and message id without parsing the rest. */
  private static final Pattern FRAME_PREFIX =
      Pattern.compile("^\\s*\\[\\s*([234])\\s*,\\s*\"([^\"\\\\]{1,36})\"");
  private static final int CALL = 2;
  private static final int CALL_RESULT = 3;
  private static final int CALL_ERROR = 4;

  private final String chargePointId;
  private final ServerWebSocket socket;
  private final SessionServices services;
  private final OutgoingCallQueue calls;
  private final Instant connectedAt = Instant.now();
  private final String connectionId = UUID.randomUUID().toString();
  private final ArrayDeque<InboundFrame> inbox = new ArrayDeque<>(2);
  private long lastSeenMillis = System.currentTimeMillis();
  private long lastPingMillis = lastSeenMillis;
  private boolean ready; // until then, frames wait in the inbox
  private boolean busy;
  private boolean closed;
  private boolean superseded;
  /** Registrations of this connection queued in the shared registry; {@link SharedSessions} owns it. */
  int sharedRegistrations;

  public ChargerSession(String chargePointId, ServerWebSocket socket, SessionServices services) {
    this.chargePointId = chargePointId;
    this.socket = socket;
    this.services = services;
    this.calls = new OutgoingCallQueue(services.vertx(), services.schemas(), this::sendCall, chargePointId,
        services.callQueueLimit());
  }

  /** Installs the socket's handlers; call once, on the socket's event loop, right after the upgrade. */
  public void start() {
    socket.textMessageHandler(this::onText);
    socket.binaryMessageHandler(this::onBinary);
    socket.pongHandler(pong -> lastSeenMillis = System.currentTimeMillis());
    socket.exceptionHandler(e -> LOG.debug("{}: WebSocket error: {}", chargePointId, e.toString()));
    socket.closeHandler(v -> onClose());
  }

  /**
   * Starts answering CALLs (those received meanwhile waited in the inbox): called once the session is
   * registered in the shared session registry, so that whoever sees an answer can also reach the session.
   */
  public void ready() {
    ready = true;
    drain();
  }

  public String chargePointId() {
    return chargePointId;
  }

  public Instant connectedAt() {
    return connectedAt;
  }

  public long lastSeenMillis() {
    return lastSeenMillis;
  }

  /** This socket's own id: tells it apart from an earlier or later connection of the same charge point. */
  public String connectionId() {
    return connectionId;
  }

  /** Whether a newer connection of the charge point (on this node or another) replaced this one. */
  public boolean superseded() {
    return superseded;
  }

  /**
   * Closes this socket because a newer connection of the charge point took over. Its CALLs fail at once
   * (CONFLICT): no answer can come back on a socket being closed. The caller has already unregistered it.
   */
  public void supersede() {
    superseded = true;
    calls.close(chargePointId + " reconnected; this connection is being closed");
    close((short) 1000, "Replaced by a new connection");
  }

  /** The CSMS-initiated CALLs of this charge point. */
  public OutgoingCallQueue calls() {
    return calls;
  }

  /** Pings when the last ping is older than {@code intervalMillis}; closes when silent beyond the idle time. */
  public void checkLiveness(long now, long pingIntervalMillis, long idleTimeoutMillis) {
    if (closed) {
      return;
    }
    if (now - lastSeenMillis > idleTimeoutMillis) {
      LOG.info("{}: silent for {} ms, closing", chargePointId, now - lastSeenMillis);
      close((short) 1000, "Idle timeout");
    } else if (now - lastPingMillis >= pingIntervalMillis) {
      lastPingMillis = now;
      socket.writePing(Buffer.buffer());
    }
  }

  /** Closes the socket; the close handler then ends the session. */
  public Future<Void> close(short status, String reason) {
    return socket.close(status, reason);
  }

  private void onText(String text) {
    lastSeenMillis = System.currentTimeMillis();
    if (exceedsUtf8(text, services.maxFrameBytes())) {
      onOversized(text);
      return;
    }
    receive(FrameParser.parse(text));
  }

  /**
   * A message over maxFrameBytes is not parsed. A CALL (or an unreadable message) gets a CALLERROR with the
   * id read from its first characters; an oversized answer to our outstanding CALL fails that CALL instead,
   * since answers are never answered.
   */
  private void onOversized(String text) {
    Matcher prefix = FRAME_PREFIX.matcher(text.length() > 128 ? text.substring(0, 128) : text);
    boolean readable = prefix.find();
    int type = readable ? prefix.group(1).charAt(0) - '0' : CALL;
    String messageId = readable ? prefix.group(2) : FrameParser.UNREADABLE_ID;
    String description = "The message exceeds the limit of " + services.maxFrameBytes() + " bytes";
    if (type != CALL) {
      String action = calls.onUnreadableAnswer(messageId, description);
      services.audit().in(chargePointId, type, action, messageId, FrameAudit.excerpt(text));
      LOG.info("{}: oversized answer to message {} dropped", chargePointId, messageId);
      return;
    }
    receive(new InboundFrame.Malformed(messageId, CALL, ErrorCode.FormationViolation, description,
        FrameAudit.excerpt(text), true));
  }

  private void onBinary(Buffer data) {
    lastSeenMillis = System.currentTimeMillis();
    receive(new InboundFrame.Malformed(FrameParser.UNREADABLE_ID, CALL, ErrorCode.FormationViolation,
        "OCPP-J messages are text frames; a binary frame was received",
        "binary frame of " + data.length() + " bytes", true));
  }

  private void receive(InboundFrame frame) {
    FrameAudit audit = services.audit();
    if (frame instanceof InboundFrame.CallResult result) {
      String action = calls.onResult(result.messageId(), result.payload());
      audit.in(chargePointId, CALL_RESULT, action, result.messageId(), result.encoded());
    } else if (frame instanceof InboundFrame.CallError error) {
      String action = calls.onError(error.messageId(), error.errorCode(), error.errorDescription(),
          error.errorDetails());
      audit.in(chargePointId, CALL_ERROR, action, error.messageId(), new JsonObject()
          .put("errorCode", error.errorCode())
          .put("errorDescription", error.errorDescription())
          .put("errorDetails", error.errorDetails()));
    } else if (frame instanceof InboundFrame.Call call) {
      audit.in(chargePointId, CALL, call.action(), call.messageId(), call.encoded());
      enqueue(call);
    } else if (frame instanceof InboundFrame.Malformed bad) {
      audit.in(chargePointId, bad.messageType(), null, bad.messageId(), bad.auditPayload());
      LOG.info("{}: malformed frame ({}): {}", chargePointId, bad.errorCode(), bad.description());
      if (bad.answer()) {
        enqueue(bad);
      }
    }
  }

  private void enqueue(InboundFrame frame) {
    if (inbox.size() >= INBOX_LIMIT) {
      // Answered at once (out of order): holding more would let one charge point exhaust memory.
      sendError(frame.messageId(), null, ErrorCode.GenericError,
          "Too many CALLs awaiting an answer; send one at a time", new JsonObject());
      return;
    }
    inbox.add(frame);
    drain();
  }

  private void drain() {
    while (ready && !busy && !closed) {
      InboundFrame next = inbox.poll();
      if (next == null) {
        return;
      }
      if (next instanceof InboundFrame.Malformed bad) {
        sendError(bad.messageId(), null, bad.errorCode(), bad.description(), new JsonObject());
        continue;
      }
      InboundFrame.Call call = (InboundFrame.Call) next;
      busy = true;
      long takenUp = System.nanoTime();
      services.dispatcher().dispatch(chargePointId, call).onComplete(ar -> {
        CallAnswer answer = ar.succeeded() ? ar.result() : null;
        if (answer == null) {
          LOG.error("{}: dispatcher failed on {}", chargePointId, call.action(), ar.cause());
          sendError(call.messageId(), call.action(), ErrorCode.InternalError,
              "The CSMS could not process the request; retry later", new JsonObject());
        } else if (answer.error() != null) {
          sendError(call.messageId(), call.action(), answer.error().code(), answer.error().description(),
              answer.error().details());
        } else {
          EncodedPayload payload = EncodedPayload.of(answer.payload());
          send(FrameEncoder.callResult(call.messageId(), payload));
          services.audit().out(chargePointId, CALL_RESULT, call.action(), call.messageId(), payload);
        }
        services.metrics().answered(call.action(), System.nanoTime() - takenUp);
        busy = false;
        drain();
      });
    }
  }

  private void sendError(String messageId, String action, ErrorCode code, String description, JsonObject details) {
    send(FrameEncoder.callError(messageId, code, description, details));
    services.audit().out(chargePointId, CALL_ERROR, action, messageId, new JsonObject()
        .put("errorCode", code.name())
        .put("errorDescription", description)
        .put("errorDetails", details));
  }

  private void sendCall(String messageId, String action, JsonObject payload) {
    EncodedPayload encoded = EncodedPayload.of(payload);
    send(FrameEncoder.call(messageId, action, encoded));
    services.audit().out(chargePointId, CALL, action, messageId, encoded);
  }

  private void send(String text) {
    if (!closed) {
      socket.writeTextMessage(text);
    }
  }

  private void onClose() {
    if (closed) {
      return;
    }
    closed = true;
    inbox.clear();
    calls.close(chargePointId + " disconnected");
    services.onClosed().accept(this);
  }

  /** Whether {@code text} takes more than {@code limit} bytes in UTF-8, encoding it only when in doubt. */
  private static boolean exceedsUtf8(String text, int limit) {
    int chars = text.length();
    if (chars > limit) {
      return true; // at least one byte per UTF-16 unit
    }
    if ((long) chars * 3 <= limit) {
      return false; // at most three bytes per UTF-16 unit
    }
    return text.getBytes(StandardCharsets.UTF_8).length > limit;
  }
}
