package io.csms.persistence.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns an API request may write, with their SQL types. Builds the column list of an INSERT or the
 * SET clause of an UPDATE from the keys present in a request (a key present with null writes NULL), so
 * each store states its writable fields once.
 */
final class Patch {
  enum Type { TEXT, BIGINT, INT, NUMERIC, BOOL }

  private final Map<String, Column> columns = new LinkedHashMap<>();

  private record Column(String name, Type type) {
  }

  Patch field(String key, String column, Type type) {
    columns.put(key, new Column(column, type));
    return this;
  }

  /** The writable keys present in {@code request}. */
  List<String> present(JsonObject request) {
    return columns.keySet().stream().filter(request::containsKey).toList();
  }

  /** {@code col1 = $n, col2 = $n+1}, appending the values to {@code params}. */
  String set(JsonObject request, List<Object> params) {
    List<String> parts = new ArrayList<>();
    for (String key : present(request)) {
      params.add(value(key, request.getValue(key)));
      Column c = columns.get(key);
      parts.add(c.name() + " = " + placeholder(c.type(), params.size()));
    }
    return String.join(", ", parts);
  }

  /** {@code (col1, col2) VALUES ($1, $2)} for the present keys, appending the values to {@code params}. */
  String insert(JsonObject request, List<Object> params) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String key : present(request)) {
      params.add(value(key, request.getValue(key)));
      Column c = columns.get(key);
      names.add(c.name());
      values.add(placeholder(c.type(), params.size()));
    }
    return "(" + String.join(", ", names) + ") VALUES (" + String.join(", ", values) + ")";
  }

  private static String placeholder(Type type, int n) {
    return switch (type) {
      // Decimals travel as text and are cast by PostgreSQL: no binary floating point on the way.
      case NUMERIC -> "$" + n + "::text::numeric";
      default -> "$" + n;
    };
  }

  private Object value(String key, Object v) {
    if (v == null) {
      return null;
    }
    Type type = columns.get(key).type();
    try {
      return switch (type) {
        case TEXT -> (String) v;
        case BIGINT -> ((Number) v).longValue();
        case INT -> ((Number) v).intValue();
        case NUMERIC -> new BigDecimal(v.toString()).toPlainString();
        case BOOL -> (Boolean) v;
      };
    } catch (ClassCastException | NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be of type " + type.name().toLowerCase());
    }
  }

  static Tuple tuple(List<Object> params) {
    return Tuple.wrap(new ArrayList<>(params));
  }

  /** The array under {@code key}, or an empty one when absent. */
  static JsonArray array(JsonObject request, String key) {
    JsonArray array = request.getJsonArray(key);
    return array == null ? new JsonArray() : array;
  }
}
