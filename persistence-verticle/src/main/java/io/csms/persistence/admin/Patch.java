package io.csms.persistence.admin;

import io.csms.persistence.BusRequest;
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
  List<String> present(BusRequest request) {
    return columns.keySet().stream().filter(request.body()::containsKey).toList();
  }

  /** {@code col1 = $n, col2 = $n+1}, appending the values to {@code params}. */
  String set(BusRequest request, List<Object> params) {
    List<String> parts = new ArrayList<>();
    for (String key : present(request)) {
      params.add(value(request, key));
      Column c = columns.get(key);
      parts.add(c.name() + " = " + placeholder(c.type(), params.size()));
    }
    return String.join(", ", parts);
  }

  /**
   * {@code (col1, col2) VALUES ($1, $2)} for the present keys, appending the values to {@code params};
   * {@code DEFAULT VALUES} when none is present (the table's NOT NULL constraints then refuse it).
   */
  String insert(BusRequest request, List<Object> params) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String key : present(request)) {
      params.add(value(request, key));
      Column c = columns.get(key);
      names.add(c.name());
      values.add(placeholder(c.type(), params.size()));
    }
    return names.isEmpty() ? "DEFAULT VALUES"
        : "(" + String.join(", ", names) + ") VALUES (" + String.join(", ", values) + ")";
  }

  /** {@code (col1, ...) VALUES ($1, ...)} over every column, for a batch of {@link #row}s. */
  String insertEvery() {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Column c : columns.values()) {
      names.add(c.name());
      values.add(placeholder(c.type(), names.size()));
    }
    return "(" + String.join(", ", names) + ") VALUES (" + String.join(", ", values) + ")";
  }

  /** Every column's value in {@code request} (null when absent), for {@link #insertEvery}. */
  Tuple row(BusRequest request) {
    Tuple row = Tuple.tuple();
    columns.keySet().forEach(key -> row.addValue(value(request, key)));
    return row;
  }

  private static String placeholder(Type type, int n) {
    return switch (type) {
      // Decimals travel as text and are cast by PostgreSQL: no binary floating point on the way.
      case NUMERIC -> "$" + n + "::text::numeric";
      default -> "$" + n;
    };
  }

  private Object value(BusRequest request, String key) {
    return switch (columns.get(key).type()) {
      case TEXT -> request.optionalText(key);
      case BIGINT -> request.optionalWholeNumber(key);
      case INT -> request.optionalInteger(key);
      case NUMERIC -> {
        BigDecimal decimal = request.optionalNumber(key);
        yield decimal == null ? null : decimal.toPlainString();
      }
      case BOOL -> request.optionalBool(key);
    };
  }

  static Tuple tuple(List<Object> params) {
    return Tuple.wrap(new ArrayList<>(params));
  }
}
