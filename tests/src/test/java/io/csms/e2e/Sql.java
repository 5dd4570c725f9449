package io.csms.e2e;

import io.csms.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC for what the tests set up and assert: the database as an operator would query it. */
public final class Sql {
  private Sql() {
  }

  public static List<Map<String, Object>> rows(TestDatabase db, String sql, Object... params) {
    try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      if (!st.execute()) {
        return List.of();
      }
      try (ResultSet rs = st.getResultSet()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnLabel(i), rs.getObject(i));
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public static Map<String, Object> row(TestDatabase db, String sql, Object... params) {
    List<Map<String, Object>> rows = rows(db, sql, params);
    if (rows.size() != 1) {
      throw new AssertionError("expected one row from " + sql + ", got " + rows);
    }
    return rows.get(0);
  }

  public static Object value(TestDatabase db, String sql, Object... params) {
    return row(db, sql, params).values().iterator().next();
  }

  public static void execute(TestDatabase db, String sql, Object... params) {
    rows(db, sql, params);
  }
}
