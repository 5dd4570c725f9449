package io.csms.e2e;

import io.csms.testing.TestDatabase;
import java.util.List;
import java.util.Map;

/** Plain JDBC for what the tests set up and assert: the database as an operator would query it. */
public final class Sql {
  private Sql() {
  }

  public static List<Map<String, Object>> rows(TestDatabase db, String sql, Object... params) {
    return db.rows(sql, params);
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
