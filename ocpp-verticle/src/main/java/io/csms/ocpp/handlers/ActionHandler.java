package io.csms.ocpp.handlers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Serves one charge-point-initiated action. The returned payload is sent as the CALLRESULT (after it has
 * been checked against the response schema), so it must complete only once what it reports is committed.
 * Fail with {@link io.csms.ocpp.validation.PayloadViolationException} for a payload the schema let through
 * but the CSMS cannot accept; any other failure becomes an InternalError (the charge point retries).
 */
@FunctionalInterface
public interface ActionHandler {
  Future<JsonObject> handle(ChargePointRequest request);
}
