package io.csms.ocpp.calls;

import io.csms.bus.BusFailure;
import io.csms.bus.OcppAddresses;
import io.csms.ocpp.session.ChargerSession;
import io.csms.ocpp.session.SessionRegistry;
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

/**
 * Serves {@link OcppAddresses#CALL} (local consumer), {@link OcppAddresses#callAddressOf(String)} of this
 * node, and {@link OcppAddresses#SESSIONS}, from the live {@link SessionRegistry}.
 */
public final class CallEndpoint {
  private final SessionRegistry registry;
  private final SchemaCatalog schemas;
  private final String nodeId;
  private final long defaultTimeoutMillis;

  public CallEndpoint(SessionRegistry registry, SchemaCatalog schemas, String nodeId, int callTimeoutSeconds) {
    this.registry = registry;
    this.schemas = schemas;
    this.nodeId = nodeId;
    this.defaultTimeoutMillis = callTimeoutSeconds * 1000L;
  }

  public List<MessageConsumer<?>> register(Vertx vertx) {
    EventBus bus = vertx.eventBus();
    return List.of(
        bus.<Object>localConsumer(OcppAddresses.CALL, this::call),
        bus.<Object>consumer(OcppAddresses.callAddressOf(nodeId), this::call),
        bus.<Object>consumer(OcppAddresses.SESSIONS, this::sessions));
  }

  private void call(Message<Object> message) {
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
    ChargerSession session = registry.find(chargePointId);
    if (session == null) {
      message.fail(BusFailure.CONFLICT, chargePointId + " is not connected to node " + nodeId);
      return;
    }
    long timeoutMillis = timeout == null ? defaultTimeoutMillis : (long) (((Number) timeout).doubleValue() * 1000);
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

  private void sessions(Message<Object> message) {
    JsonArray wanted = message.body() instanceof JsonObject request ? request.getJsonArray("chargePointIds") : null;
    JsonArray sessions = new JsonArray();
    if (wanted == null) {
      for (ChargerSession session : registry.all()) {
        sessions.add(describe(session));
      }
    } else {
      for (Object id : wanted) {
        ChargerSession session = id instanceof String s ? registry.find(s) : null;
        if (session != null) {
          sessions.add(describe(session));
        }
      }
    }
    message.reply(new JsonObject().put("sessions", sessions));
  }

  private JsonObject describe(ChargerSession session) {
    return new JsonObject()
        .put("chargePointId", session.chargePointId())
        .put("nodeId", nodeId)
        .put("connectedAt", session.connectedAt().toString())
        .put("lastSeenAt", Instant.ofEpochMilli(session.lastSeenMillis()).toString());
  }
}
