package io.csms.ocpp.calls;

import io.csms.bus.BusFailure;
import io.csms.bus.OcppAddresses;
import io.csms.ocpp.session.ChargerSession;
import io.csms.ocpp.session.SessionRegistry;
import io.csms.ocpp.session.SharedSessions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.csms.ocpp.validation.OcppActions;
import io.csms.ocpp.validation.SchemaCatalog;
import io.csms.ocpp.validation.Violation;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Serves {@link OcppAddresses#CALL} (local consumer), {@link OcppAddresses#callAddressOf(String)} of this
 * node, and {@link OcppAddresses#SESSIONS} (local consumer), from the live {@link SessionRegistry}. A CALL for a charge point
 * connected to another node is forwarded to that node's address, found in the {@link SharedSessions}; what
 * arrives at this node's own address is never forwarded again.
 */
public final class CallEndpoint {
  /** Time a forwarded CALL may take beyond its own time-out (queueing and the hop between nodes). */
  private static final long FORWARD_MARGIN_MILLIS = 5_000;
  private final SessionRegistry registry;
  private final SchemaCatalog schemas;
  private final String nodeId;
  private final long defaultTimeoutMillis;
  private final SharedSessions shared;
  private EventBus bus;

  public CallEndpoint(SessionRegistry registry, SharedSessions shared, SchemaCatalog schemas, String nodeId,
                      int callTimeoutSeconds) {
    this.registry = registry;
    this.shared = shared;
    this.schemas = schemas;
    this.nodeId = nodeId;
    this.defaultTimeoutMillis = callTimeoutSeconds * 1000L;
  }

  public List<MessageConsumer<?>> register(Vertx vertx) {
    bus = vertx.eventBus();
    return List.of(
        bus.<Object>localConsumer(OcppAddresses.CALL, message -> call(message, true)),
        bus.<Object>consumer(OcppAddresses.callAddressOf(nodeId), message -> call(message, false)),
        bus.<Object>localConsumer(OcppAddresses.SESSIONS, this::sessions));
  }

  private void call(Message<Object> message, boolean mayForward) {
    if (!(message.body() instanceof JsonObject request)) {
      message.fail(BusFailure.INVALID, "The request must be a JSON object");
      return;
    }
    String chargePointId = request.getValue("chargePointId") instanceof String s ? s : null;
    String action = request.getValue("action") instanceof String s ? s : null;
    JsonObject payload = request.getValue("payload") instanceof JsonObject p ? p : null;
    Object timeout = request.getValue("timeoutSeconds");
    if (chargePointId == null || action == null || payload == null
        || (timeout != null && !(timeout instanceof Number n && n.doubleValue() > 0))) {
      message.fail(BusFailure.INVALID,
          "Expected {chargePointId: string, action: string, payload: object, timeoutSeconds?: positive number}");
      return;
    }
    if (!OcppActions.CSMS_INITIATED.contains(action)) {
      message.fail(BusFailure.INVALID, "Not an OCPP 1.6 action the CSMS can send: " + action);
      return;
    }
    Violation invalid = schemas.checkRequest(action, payload);
    if (invalid != null) {
      message.fail(BusFailure.INVALID, action + " payload: " + invalid.description());
      return;
    }
    long timeoutMillis = timeout == null ? defaultTimeoutMillis : (long) (((Number) timeout).doubleValue() * 1000);
    ChargerSession session = registry.find(chargePointId);
    if (session == null) {
      if (mayForward) {
        forward(message, request, chargePointId, timeoutMillis);
      } else {
        message.fail(BusFailure.CONFLICT, chargePointId + " is not connected to node " + nodeId);
      }
      return;
    }
    session.calls().submit(action, payload, timeoutMillis).onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(new JsonObject().put("action", action).put("payload", ar.result()));
      } else if (ar.cause() instanceof CallFailure failure) {
        message.fail(failure.code(), failure.getMessage());
      } else {
        message.fail(BusFailure.INTERNAL, "The CALL could not be sent");
      }
    });
  }

  /**
   * Hands the CALL to the node holding the charge point and relays its answer. The forward may wait for
   * the CALLs queued ahead of this one there; the requester's own time-out still bounds the whole.
   */
  private void forward(Message<Object> message, JsonObject request, String chargePointId, long timeoutMillis) {
    shared.nodeOf(chargePointId).onComplete(found -> {
      if (found.failed()) {
        message.fail(BusFailure.UNAVAILABLE, "The shared session registry cannot be reached");
        return;
      }
      String holder = found.result().orElse(null);
      if (holder == null || holder.equals(nodeId)) {
        message.fail(BusFailure.CONFLICT, chargePointId + " is not connected");
        return;
      }
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMillis + FORWARD_MARGIN_MILLIS);
      bus.<JsonObject>request(OcppAddresses.callAddressOf(holder), request, options).onComplete(ar -> {
        if (ar.succeeded()) {
          message.reply(ar.result().body());
        } else {
          int code = BusFailure.codeOf(ar.cause());
          // No consumer there: the node is gone and its record not yet expired.
          message.fail(code == BusFailure.UNAVAILABLE ? BusFailure.CONFLICT : code,
              code == BusFailure.UNAVAILABLE ? chargePointId + " is not connected" : ar.cause().getMessage());
        }
      });
    });
  }

  /**
   * Without ids: this node's sessions. With ids: where each is connected in the whole cluster (the shared
   * session registry), this node's own sessions with their live last-seen instant; this node's alone when
   * the registry cannot be reached.
   */
  private void sessions(Message<Object> message) {
    JsonArray wanted = message.body() instanceof JsonObject request
        && request.getValue("chargePointIds") instanceof JsonArray ids ? ids : null;
    if (wanted == null) {
      JsonArray sessions = new JsonArray();
      for (ChargerSession session : registry.all()) {
        sessions.add(describe(session));
      }
      message.reply(new JsonObject().put("sessions", sessions));
      return;
    }
    List<String> ids = wanted.stream().filter(String.class::isInstance).map(String.class::cast).distinct().toList();
    shared.describe(ids).onComplete(ar -> {
      Map<String, JsonObject> elsewhere = ar.succeeded() ? ar.result() : Map.of();
      JsonArray sessions = new JsonArray();
      for (String id : ids) {
        ChargerSession session = registry.find(id);
        JsonObject described = session != null ? describe(session) : elsewhere.get(id);
        if (described != null) {
          sessions.add(described);
        }
      }
      message.reply(new JsonObject().put("sessions", sessions));
    });
  }

  private JsonObject describe(ChargerSession session) {
    return new JsonObject()
        .put("chargePointId", session.chargePointId())
        .put("nodeId", nodeId)
        .put("connectedAt", session.connectedAt().toString())
        .put("lastSeenAt", Instant.ofEpochMilli(session.lastSeenMillis()).toString());
  }
}
