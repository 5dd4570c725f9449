package io.csms.api.routes;

import io.csms.api.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * A command whose answer is stored: sends the CALL, hands the store the charger's status (or, when no
 * CALLRESULT came, a word for what happened: CallError, NotConnected, Timeout, NotSent) and answers the
 * command result with what the store replied under {@code key}. A command that could not be delivered
 * still fails as {@link CommandRoutes#call} does, after its outcome is stored.
 */
final class RecordedCommand {
  private RecordedCommand() {
  }

  static Future<JsonObject> send(RoutingContext ctx, CommandRoutes commands, String chargePointId, String action,
      JsonObject payload, String key, Function<String, Future<JsonObject>> record) {
    return commands.call(ctx, chargePointId, action, payload).transform(sent -> {
      String answer = sent.succeeded() ? answerOf(sent.result()) : failureWord(sent.cause());
      return record.apply(answer).compose(stored -> sent.succeeded()
          ? Future.succeededFuture(sent.result().put(key, stored))
          : Future.failedFuture(sent.cause()));
    });
  }

  /** The charger's status, "Answered" for a status-less CALLRESULT, "CallError" for a CALLERROR. */
  static String answerOf(JsonObject result) {
    JsonObject response = result.getJsonObject("ocppResponse", new JsonObject());
    if (response.containsKey("errorCode")) {
      return "CallError";
    }
    return response.getString("status", "Answered");
  }

  static String failureWord(Throwable failure) {
    int status = failure instanceof ApiException api ? api.status() : 500;
    return switch (status) {
      case 409 -> "NotConnected";
      case 504 -> "Timeout";
      default -> "NotSent";
    };
  }
}
