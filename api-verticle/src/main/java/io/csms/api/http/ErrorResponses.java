package io.csms.api.http;

import io.csms.bus.BusFailure;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error format of the API: {@code {detail, status_code, error_type, timestamp, path}}, plus
 * {@code errors: [{field, message}]} for 422. Every failure of every route ends here, so no client ever
 * sees a stack trace or another shape.
 */
public final class ErrorResponses {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {
  }

  /** The router's failure handler. */
  public static void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    if (failure == null) {
      int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
      send(ctx, status, defaultDetail(status), null);
    } else if (failure instanceof ApiException api) {
      send(ctx, api.status(), api.getMessage(), null);
    } else if (failure instanceof HttpException http && http.getCause() instanceof ValidatorException invalid) {
      validationFailure(ctx, invalid);
    } else if (failure instanceof HttpException http) {
      int status = http.getStatusCode();
      String detail = http.getPayload() != null && status < 500 ? http.getPayload() : defaultDetail(status);
      send(ctx, status, detail, null);
    } else if (failure instanceof ValidatorException invalid) {
      validationFailure(ctx, invalid);
    } else if (failure instanceof ReplyException reply) {
      busFailure(ctx, reply);
    } else if (failure instanceof DecodeException) {
      send(ctx, 400, "The request body is not valid JSON", null);
    } else {
      LOG.error("Unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, 500, defaultDetail(500), null);
    }
  }

  /** Answers with the error format; 429 and 503 carry Retry-After. */
  public static void send(RoutingContext ctx, int status, String detail, JsonArray fieldErrors) {
    JsonObject body = new JsonObject()
        .put("detail", detail)
        .put("status_code", status)
        .put("error_type", typeOf(status))
        .put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
        .put("path", ctx.request().path());
    if (fieldErrors != null) {
      body.put("errors", fieldErrors);
    }
    if ((status == 429 || status == 503) && ctx.response().headers().get("Retry-After") == null) {
      ctx.response().putHeader("Retry-After", "1");
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static void validationFailure(RoutingContext ctx, ValidatorException invalid) {
    if (isMalformedBody(invalid)) {
      send(ctx, 400, "The request body is not valid JSON", null);
      return;
    }
    JsonArray errors = new JsonArray();
    String subject = fieldOf(invalid.getMessage());
    if (invalid instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      collect(schema.getOutputUnit(), subject, errors);
    }
    if (errors.isEmpty()) {
      errors.add(new JsonObject().put("field", subject).put("message", invalid.getMessage()));
    }
    send(ctx, 422, "The request has invalid fields: " + summary(errors), errors);
  }

  private static boolean isMalformedBody(ValidatorException invalid) {
    for (Throwable t = invalid; t != null; t = t.getCause()) {
      if (t instanceof DecodeException) {
        return true;
      }
    }
    String message = String.valueOf(invalid.getMessage()).toLowerCase();
    return invalid.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT
        || (invalid.type() == ValidatorErrorType.INVALID_VALUE_FORMAT && message.contains("body"))
        || message.contains("can't be decoded") || message.contains("failed to decode")
        || message.contains("unable to decode");
  }

  private static void collect(OutputUnit unit, String subject, JsonArray into) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      for (OutputUnit error : unit.getErrors()) {
        collect(error, subject, into);
      }
      return;
    }
    if (unit.getError() == null) {
      return;
    }
    String field = pointerToField(unit.getInstanceLocation(), subject);
    String keyword = unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation();
    // A failing declared property also fails "additionalProperties"; keep the precise error only.
    boolean duplicate = into.stream().map(JsonObject.class::cast).anyMatch(e -> e.getString("field").equals(field))
        && keyword.endsWith("additionalProperties");
    if (!duplicate) {
      into.add(new JsonObject().put("field", field).put("message", unit.getError()));
    }
  }

  private static String pointerToField(String pointer, String subject) {
    if (pointer == null || pointer.isEmpty() || pointer.equals("#") || pointer.equals("/")) {
      return subject;
    }
    String p = pointer.startsWith("#") ? pointer.substring(1) : pointer;
    return p.startsWith("/") ? p.substring(1).replace('/', '.') : p;
  }

  private static String fieldOf(String message) {
    if (message == null) {
      return "request";
    }
    int start = message.indexOf("parameter ");
    if (start >= 0) {
      String rest = message.substring(start + "parameter ".length());
      int end = rest.indexOf(' ');
      return end > 0 ? rest.substring(0, end) : rest;
    }
    return "body";
  }

  private static String summary(JsonArray errors) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < errors.size() && i < 5; i++) {
      JsonObject e = errors.getJsonObject(i);
      s.append(i == 0 ? "" : "; ").append(e.getString("field")).append(": ").append(e.getString("message"));
    }
    return s.toString();
  }

  private static void busFailure(RoutingContext ctx, ReplyException reply) {
    int code = BusFailure.codeOf(reply);
    String reason = reply.getMessage();
    switch (code) {
      case BusFailure.INVALID -> send(ctx, 422, reason, new JsonArray()
          .add(new JsonObject().put("field", "request").put("message", reason)));
      case BusFailure.NOT_FOUND, BusFailure.CONFLICT -> send(ctx, code, reason, null);
      case BusFailure.BUSY -> send(ctx, 429, "Too many requests are waiting: " + reason, null);
      case BusFailure.TIMEOUT -> send(ctx, 504, "No answer in time", null);
      case BusFailure.UNAVAILABLE -> send(ctx, 503, "A service the request needs is unavailable", null);
      default -> {
        LOG.warn("Bus failure {} on {} {}: {}", code, ctx.request().method(), ctx.request().path(), reason);
        send(ctx, code >= 500 && code < 600 ? code : 500, defaultDetail(code >= 500 && code < 600 ? code : 500), null);
      }
    }
  }

  static String typeOf(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      case 422 -> "validation_error";
      case 429 -> "rate_limited";
      case 502 -> "bad_gateway";
      case 503 -> "service_unavailable";
      case 504 -> "gateway_timeout";
      default -> status >= 500 ? "internal_error" : "client_error";
    };
  }

  private static String defaultDetail(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "A valid bearer token is required";
      case 403 -> "Your role does not allow this";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 413 -> "The request body is too large";
      case 415 -> "Unsupported content type";
      case 429 -> "Too many requests";
      case 503 -> "Service unavailable";
      case 504 -> "No answer in time";
      default -> status >= 500 ? "Internal error" : "Request failed";
    };
  }
}
