package io.csms.api.routes;

import io.csms.bus.FieldNames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * The API speaks snake_case (the seed system's names); the event bus speaks camelCase. Keys are renamed
 * at the edge, recursively, except inside values that are someone else's JSON (OCPP payloads).
 */
final class JsonNames {
  /** Values under these (bus) keys are carried verbatim. */
  private static final Set<String> OPAQUE = Set.of("payload", "ocppResponse");

  private JsonNames() {
  }

  static JsonObject toSnake(JsonObject camel) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> e : camel) {
      out.put(FieldNames.snake(e.getKey()), OPAQUE.contains(e.getKey()) ? e.getValue() : convert(e.getValue(), true));
    }
    return out;
  }

  static JsonObject toCamel(JsonObject snake) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> e : snake) {
      String key = FieldNames.camel(e.getKey());
      out.put(key, OPAQUE.contains(key) ? e.getValue() : convert(e.getValue(), false));
    }
    return out;
  }

  private static Object convert(Object value, boolean toSnake) {
    if (value instanceof JsonObject object) {
      return toSnake ? toSnake(object) : toCamel(object);
    }
    if (value instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(v -> out.add(convert(v, toSnake)));
      return out;
    }
    return value;
  }
}
