package io.csms.api.routes;

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
      out.put(snake(e.getKey()), OPAQUE.contains(e.getKey()) ? e.getValue() : convert(e.getValue(), true));
    }
    return out;
  }

  static JsonObject toCamel(JsonObject snake) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> e : snake) {
      String key = camel(e.getKey());
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

  static String snake(String camel) {
    StringBuilder s = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && camel.charAt(i - 1) != '_') {
          s.append('_');
        }
        s.append(Character.toLowerCase(c));
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }

  static String camel(String snake) {
    StringBuilder s = new StringBuilder(snake.length());
    boolean upper = false;
    for (int i = 0; i < snake.length(); i++) {
      char c = snake.charAt(i);
      if (c == '_' && i > 0) {
        upper = true;
      } else {
        s.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return s.toString();
  }
}
