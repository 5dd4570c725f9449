package io.csms.ocpp.session;

import io.csms.ocpp.framing.ErrorCode;
import io.csms.ocpp.framing.InboundFrame;
import io.csms.ocpp.handlers.ActionHandler;
import io.csms.ocpp.handlers.ActionHandlers;
import io.csms.ocpp.handlers.ChargePointRequest;
import io.csms.ocpp.validation.OcppActions;
import io.csms.ocpp.validation.PayloadViolationException;
import io.csms.ocpp.validation.SchemaCatalog;
import io.csms.ocpp.validation.Violation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an inbound CALL into its answer: unknown action NotImplemented, an action we do not serve
 * NotSupported, a payload outside its schema the schema violation's code, then the handler; its answer is
 * checked against the response schema (a violation is our bug: logged, answered InternalError). Never
 * fails: every fault becomes a CALLERROR whose description carries no stack trace.
 */
public final class CallDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(CallDispatcher.class);
  private static final Violation INTERNAL = new Violation(ErrorCode.InternalError,
      "The CSMS could not process the request; retry later", new JsonObject());

  private final SchemaCatalog schemas;
  private final ActionHandlers handlers;

  public CallDispatcher(SchemaCatalog schemas, ActionHandlers handlers) {
    this.schemas = schemas;
    this.handlers = handlers;
  }

  public Future<CallAnswer> dispatch(String chargePointId, InboundFrame.Call call) {
    String action = call.action();
    if (!OcppActions.isKnown(action)) {
      return Future.succeededFuture(CallAnswer.error(new Violation(ErrorCode.NotImplemented,
          "Unknown action " + shorten(action), new JsonObject())));
    }
    ActionHandler handler = handlers.find(action);
    if (handler == null) {
      return Future.succeededFuture(CallAnswer.error(new Violation(ErrorCode.NotSupported,
          "The CSMS does not accept " + action + " from a charge point", new JsonObject())));
    }
    Violation invalid = schemas.checkRequest(action, call.payload());
    if (invalid != null) {
      return Future.succeededFuture(CallAnswer.error(invalid));
    }
    Future<JsonObject> handled;
    try {
      handled = handler.handle(new ChargePointRequest(chargePointId, action, call.payload(), Instant.now()));
    } catch (RuntimeException e) {
      handled = Future.failedFuture(e);
    }
    return handled.transform(ar -> {
      if (ar.succeeded()) {
        return Future.succeededFuture(checked(chargePointId, action, ar.result()));
      }
      if (ar.cause() instanceof PayloadViolationException violation) {
        return Future.succeededFuture(CallAnswer.error(violation.violation()));
      }
      LOG.warn("{} {} {} failed: {}", chargePointId, action, call.messageId(), ar.cause().toString());
      return Future.succeededFuture(CallAnswer.error(INTERNAL));
    });
  }

  private CallAnswer checked(String chargePointId, String action, JsonObject payload) {
    Violation broken = schemas.checkResponse(action, payload);
    if (broken != null) {
      LOG.error("BUG: our {} answer to {} violates the response schema ({}): {}", action, chargePointId,
          broken.description(), payload.encode());
      return CallAnswer.error(INTERNAL);
    }
    return CallAnswer.result(payload);
  }

  private static String shorten(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }
}
