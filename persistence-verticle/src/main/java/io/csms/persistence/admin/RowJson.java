package io.csms.persistence.admin;

import io.csms.bus.FieldNames;
import io.csms.persistence.RequestRefused;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Rows as bus JSON: column names camel-cased (a leading underscore kept), NUMERIC as decimal strings,
 * instants as ISO-8601 UTC, json columns converted the same way recursively.
 */
public final class RowJson {
  private RowJson() {
  }

  public static JsonObject of(Row row) {
    JsonObject out = new JsonObject();
    for (int i = 0; i < row.size(); i++) {
      String column = row.getColumnName(i);
      // An OCPP payload is the charger's JSON: carried as it was, names untouched.
      out.put(FieldNames.camel(column), column.equals("payload") ? row.getValue(i) : value(row.getValue(i)));
    }
    return out;
  }

  public static JsonArray all(RowSet<Row> rows) {
    JsonArray out = new JsonArray();
    rows.forEach(row -> out.add(of(row)));
    return out;
  }

  /** The first row; NOT_FOUND "no {what} {id}" when there is none. */
  static JsonObject first(RowSet<Row> rows, String what, Object id) {
    if (rows.size() == 0) {
      throw RequestRefused.missing(what, id);
    }
    return of(rows.iterator().next());
  }

  private static Object value(Object v) {
    if (v instanceof Numeric n) {
      return n.bigDecimalValue() == null ? n.toString() : n.bigDecimalValue().toPlainString();
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof OffsetDateTime t) {
      return t.toInstant().toString();
    }
    if (v instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC).toString();
    }
    if (v instanceof JsonObject o) {
      JsonObject out = new JsonObject();
      for (Map.Entry<String, Object> e : o) {
        out.put(FieldNames.camel(e.getKey()), e.getKey().equals("payload") ? e.getValue() : value(e.getValue()));
      }
      return out;
    }
    if (v instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(x -> out.add(value(x)));
      return out;
    }
    if (v instanceof Object[] array) {
      JsonArray out = new JsonArray();
      for (Object x : array) {
        out.add(value(x));
      }
      return out;
    }
    if (v != null && !(v instanceof String || v instanceof Number || v instanceof Boolean)) {
      return v.toString();
    }
    return v;
  }
}
