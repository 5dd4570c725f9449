package io.csms.ocpp.validation;

import io.csms.ocpp.framing.ErrorCode;
import io.vertx.core.json.JsonObject;

/** Why a payload was refused: the CALLERROR code, a description for people, and details for machines. */
public record Violation(ErrorCode code, String description, JsonObject details) {
}
