package io.csms.api.routes;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.Map;
import java.util.function.Function;

/**
 * What every route handler shares: reading the validated request as one camelCase bus request, asking a
 * store, and answering in snake_case. Failures go to the router's failure handler (one error format).
 */
final class Endpoint {
  static final DeliveryOptions STORE_TIMEOUT = new DeliveryOptions().setSendTimeout(15_000);

  private Endpoint() {
  }

  /** Path and query parameters plus the JSON body, with camelCase keys. */
  static JsonObject request(RoutingContext ctx) {
    ValidatedRequest validated = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    JsonObject snake = new JsonObject();
    if (validated != null) {
      copy(validated.getQuery(), snake);
      copy(validated.getPathParameters(), snake);
      RequestParameter body = validated.getBody();
      if (body != null && !body.isNull() && body.get() instanceof JsonObject object) {
        snake.mergeIn(object);
      }
    }
    return JsonNames.toCamel(snake);
  }

  private static void copy(Map<String, RequestParameter> params, JsonObject into) {
    if (params == null) {
      return;
    }
    params.forEach((name, param) -> {
      if (param != null && !param.isNull()) {
        into.put(name, param.get());
      }
    });
  }

  static Future<JsonObject> ask(RoutingContext ctx, String address, JsonObject request) {
    EventBus bus = ctx.vertx().eventBus();
    return bus.<JsonObject>request(address, request, STORE_TIMEOUT).map(m -> m.body());
  }

  static void answer(RoutingContext ctx, int status, JsonObject camelBody) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(JsonNames.toSnake(camelBody).encode());
  }

  /** A handler that sends the request to a store and answers its reply, shaped by {@code shape}. */
  static Handler<RoutingContext> forward(String address, int status,
                                                       Function<JsonObject, JsonObject> shape) {
    return ctx -> ask(ctx, address, request(ctx))
        .onSuccess(reply -> answer(ctx, status, shape.apply(reply)))
        .onFailure(ctx::fail);
  }

  static Handler<RoutingContext> forward(String address, int status) {
    return forward(address, status, Function.identity());
  }

  /** A handler answering the store's reply plus a human message, as the seed system's writes did. */
  static Handler<RoutingContext> forward(String address, int status, String message) {
    return forward(address, status, reply -> reply.put("message", message));
  }

  /** A handler for a page of a store's list, answered with {@code page} and {@code limit}. */
  static Handler<RoutingContext> forwardPage(String address) {
    return ctx -> {
      JsonObject request = request(ctx);
      ask(ctx, address, request).onSuccess(reply -> answer(ctx, 200, paged(request, reply))).onFailure(ctx::fail);
    };
  }

  /** Adds {@code page} and {@code limit} to a page reply, as the seed system's lists had them. */
  static JsonObject paged(JsonObject request, JsonObject reply) {
    return reply.put("page", request.getInteger("page", 1)).put("limit", request.getInteger("limit", 10));
  }
}
