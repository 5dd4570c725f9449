package io.csms.ocpp.handlers;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A schema-valid CALL from a charge point, as handed to its {@link ActionHandler}. */
public record ChargePointRequest(String chargePointId, String action, JsonObject payload, Instant receivedAt) {
}
