package io.csms.api.routes;

import static io.csms.api.routes.Endpoint.answer;
import static io.csms.api.routes.Endpoint.ask;
import static io.csms.api.routes.Endpoint.request;

import io.csms.api.http.ApiException;
import io.csms.bus.AdminStoreAddresses;
import io.csms.bus.BusFailure;
import io.csms.bus.OcppAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Map;
import java.util.Set;

/**
 * Commands to chargers: each route sends one real OCPP CALL through the OCPP verticle and answers
 * {@code {success, message, ocpp_response}} with the charger's answer. The request bodies' snake_case
 * names are the OCPP field names once camel-cased, so the payload is the body itself.
 */
public final class CommandRoutes {
  private static final Map<String, String> ACTIONS = Map.of(
      "remoteStart", "RemoteStartTransaction",
      "remoteStop", "RemoteStopTransaction",
      "changeAvailability", "ChangeAvailability",
      "reset", "Reset",
      "getConfiguration", "GetConfiguration",
      "changeConfiguration", "ChangeConfiguration",
      "unlockConnector", "UnlockConnector",
      "clearCache", "ClearCache",
      "triggerMessage", "TriggerMessage",
      "dataTransfer", "DataTransfer");
  private static final Set<String> SUCCESS_STATUSES = Set.of("Accepted", "Unlocked", "RebootRequired", "Scheduled");

  private final int timeoutSeconds;

  private CommandRoutes(int timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }

  public static void mount(RouterBuilder rb, int timeoutSeconds) {
    CommandRoutes routes = new CommandRoutes(timeoutSeconds);
    ACTIONS.forEach((operationId, action) -> rb.getRoute(operationId).addHandler(ctx -> routes.command(ctx, action)));
    rb.getRoute("sendChargePointRequest").addHandler(routes::anyAction);
  }

  private void command(RoutingContext ctx, String action) {
    JsonObject payload = request(ctx);
    long chargerId = ((Number) payload.remove("id")).longValue();
    ask(ctx, AdminStoreAddresses.CHARGER_GET, new JsonObject().put("id", chargerId))
        .compose(reply -> call(ctx, reply.getJsonObject("charger"), action, payload))
        .onSuccess(result -> answer(ctx, 200, result))
        .onFailure(ctx::fail);
  }

  /** The seed system's {@code POST /api/charge-points/{id}/request {action, payload}}. */
  private void anyAction(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String chargePointId = ctx.pathParam("charge_point_id");
    String action = body.getString("action");
    JsonObject payload = body.getJsonObject("payload", new JsonObject());
    ask(ctx, AdminStoreAddresses.CHARGER_GET, new JsonObject().put("chargePointId", chargePointId))
        .compose(reply -> call(ctx, reply.getJsonObject("charger"), action, payload))
        .onSuccess(result -> answer(ctx, 200, result))
        .onFailure(ctx::fail);
  }

  /**
   * Sends the CALL through this node's OCPP verticle ({@link OcppAddresses#CALL} is a local address: it
   * finds the node holding the charger). A node running the API without the OCPP verticle has no such
   * consumer; it then sends to the node the database last recorded as holding the charger.
   */
  private Future<JsonObject> call(RoutingContext ctx, JsonObject charger, String action, JsonObject payload) {
    String chargePointId = charger.getString("chargePointId");
    String recordedNode = charger.getString("connectedNode");
    JsonObject call = new JsonObject().put("chargePointId", chargePointId).put("action", action)
        .put("payload", payload).put("timeoutSeconds", timeoutSeconds);
    // The OCPP verticle times the charger out; our own deadline only covers a lost reply.
    DeliveryOptions options = new DeliveryOptions().setSendTimeout((timeoutSeconds + 5) * 1000L);
    EventBus bus = ctx.vertx().eventBus();
    return bus.<JsonObject>request(OcppAddresses.CALL, call, options)
        .recover(e -> noLocalOcpp(e) && recordedNode != null
            ? bus.request(OcppAddresses.callAddressOf(recordedNode), call, options)
            : Future.failedFuture(e))
        .map(reply -> answered(action, reply.body().getJsonObject("payload", new JsonObject())))
        .recover(e -> noLocalOcpp(e) && recordedNode == null
            ? Future.failedFuture(new ApiException(409, "Charger " + chargePointId + " is not connected"))
            : failed(chargePointId, action, e));
  }

  private static boolean noLocalOcpp(Throwable e) {
    return e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static JsonObject answered(String action, JsonObject response) {
    String status = response.getString("status");
    boolean success = status == null || SUCCESS_STATUSES.contains(status);
    String message = status == null ? action + " answered" : action + " " + status;
    return new JsonObject().put("success", success).put("message", message).put("ocppResponse", response);
  }

  private static Future<JsonObject> failed(String chargePointId, String action, Throwable e) {
    int code = BusFailure.codeOf(e);
    String reason = e.getMessage();
    return switch (code) {
      case BusFailure.CALL_ERROR -> Future.succeededFuture(new JsonObject().put("success", false)
          .put("message", action + " refused by the charger with a CALLERROR")
          .put("ocppResponse", callError(reason)));
      case BusFailure.CONFLICT -> Future.failedFuture(new ApiException(409, "Charger " + chargePointId + " is not connected"));
      case BusFailure.TIMEOUT -> Future.failedFuture(new ApiException(504, "Charger " + chargePointId
          + " did not answer " + action + " in time"));
      case BusFailure.INVALID -> Future.failedFuture(new ApiException(422, action + " was refused: " + reason));
      case BusFailure.BUSY -> Future.failedFuture(new ApiException(429, "Too many commands are waiting for charger "
          + chargePointId));
      default -> Future.failedFuture(e instanceof ReplyException ? e : new ApiException(500, "Internal error"));
    };
  }

  private static JsonObject callError(String reason) {
    try {
      return new JsonObject(reason);
    } catch (DecodeException | NullPointerException e) {
      return new JsonObject().put("errorCode", "GenericError").put("errorDescription", String.valueOf(reason));
    }
  }
}
