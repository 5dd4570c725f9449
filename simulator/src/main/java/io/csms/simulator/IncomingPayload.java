package io.csms.simulator;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Reads fields of a CSMS-initiated CALL, answering the OCPP-J error codes a strict charge point would. */
final class IncomingPayload {
  private final JsonObject payload;

  IncomingPayload(JsonObject payload) {
    this.payload = payload;
  }

  String requiredString(String key) {
    Object value = payload.getValue(key);
    if (value == null) {
      throw new OcppCallError("OccurenceConstraintViolation", key + " is required");
    }
    if (!(value instanceof String s)) {
      throw new OcppCallError("TypeConstraintViolation", key + " must be a string");
    }
    return s;
  }

  String requiredEnum(String key, Set<String> allowed) {
    String value = requiredString(key);
    if (!allowed.contains(value)) {
      throw new OcppCallError("PropertyConstraintViolation", key + " must be one of " + allowed);
    }
    return value;
  }

  int requiredInt(String key) {
    Integer value = optionalInt(key);
    if (value == null) {
      throw new OcppCallError("OccurenceConstraintViolation", key + " is required");
    }
    return value;
  }

  Integer optionalInt(String key) {
    Object value = payload.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new OcppCallError("TypeConstraintViolation", key + " must be an integer");
    }
    return n.intValue();
  }

  String optionalString(String key) {
    Object value = payload.getValue(key);
    if (value != null && !(value instanceof String)) {
      throw new OcppCallError("TypeConstraintViolation", key + " must be a string");
    }
    return (String) value;
  }
}
