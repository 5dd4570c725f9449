package io.csms.launcher.config;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps environment variables onto configuration keys. The names are derived from the defaults file, so
 * every key has one and none can drift: {@code CSMS_} + the key path in upper snake case, e.g.
 * {@code ocpp.heartbeatIntervalSeconds} is {@code CSMS_OCPP_HEARTBEAT_INTERVAL_SECONDS},
 * {@code host} is {@code CSMS_HOST}. Two short aliases exist for the most used keys: {@code CSMS_DB_URL}
 * ({@code database.url}) and {@code CSMS_DB_POOL_SIZE} ({@code database.poolSize}). A value is read as
 * the type of its default (number, boolean, else text); a key whose default is null takes text.
 */
public final class EnvironmentOverrides {
  private static final Map<String, String> ALIASES = Map.of(
      "CSMS_DB_URL", "database.url",
      "CSMS_DB_POOL_SIZE", "database.poolSize");

  private EnvironmentOverrides() {
  }

  /** Every variable the node reads, with the key it sets, in the order of the defaults file. */
  public static Map<String, String> variables() {
    Map<String, String> variables = new LinkedHashMap<>();
    collect(CsmsConfiguration.defaults(), "", variables);
    ALIASES.forEach(variables::put);
    return variables;
  }

  static void apply(JsonObject config, Map<String, String> environment) {
    JsonObject defaults = CsmsConfiguration.defaults();
    variables().forEach((variable, path) -> {
      String raw = environment.get(variable);
      if (raw != null && !raw.isEmpty()) {
        set(config, path, typed(variable, raw, lookup(defaults, path)));
      }
    });
  }

  private static void collect(JsonObject node, String prefix, Map<String, String> out) {
    for (String key : node.fieldNames()) {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      if (node.getValue(key) instanceof JsonObject child) {
        collect(child, path, out);
      } else {
        out.put("CSMS_" + upperSnake(path), path);
      }
    }
  }

  static String upperSnake(String path) {
    StringBuilder s = new StringBuilder();
    for (char c : path.toCharArray()) {
      if (c == '.') {
        s.append('_');
      } else if (Character.isUpperCase(c)) {
        s.append('_').append(c);
      } else {
        s.append(Character.toUpperCase(c));
      }
    }
    return s.toString();
  }

  private static Object typed(String variable, String raw, Object defaultValue) {
    try {
      if (defaultValue instanceof Boolean) {
        if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException("not true or false");
        }
        return Boolean.parseBoolean(raw);
      }
      if (defaultValue instanceof Integer || defaultValue instanceof Long) {
        return Integer.parseInt(raw.trim());
      }
      if (defaultValue instanceof Number) {
        return Double.parseDouble(raw.trim());
      }
      return raw;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(variable + "=" + raw + " is not a valid "
          + defaultValue.getClass().getSimpleName().toLowerCase() + " (" + e.getMessage() + ")", e);
    }
  }

  private static Object lookup(JsonObject config, String path) {
    String[] parts = path.split("\\.");
    JsonObject node = config;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.getJsonObject(parts[i], new JsonObject());
    }
    return node.getValue(parts[parts.length - 1]);
  }

  /** Sets a dotted key, creating sections as needed. */
  public static void set(JsonObject config, String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject node = config;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject child = node.getJsonObject(parts[i]);
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = child;
    }
    node.put(parts[parts.length - 1], value);
  }
}
