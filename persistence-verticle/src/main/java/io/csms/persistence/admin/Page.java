package io.csms.persistence.admin;

import io.csms.persistence.BusRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/** {@code page} (from 1) and {@code limit} of a list request, clamped to what a store serves. */
record Page(int page, int limit) {
  static final int MAX_LIMIT = 100_000;

  static Page of(BusRequest request) {
    Integer page = request.optionalInteger("page");
    Integer limit = request.optionalInteger("limit");
    return new Page(page == null ? 1 : Math.max(1, page), limit == null ? 10 : Math.min(MAX_LIMIT, Math.max(1, limit)));
  }

  long offset() {
    return (long) (page - 1) * limit;
  }

  /** {@code filter}'s values followed by this page's limit and offset, for {@link #clause}. */
  Tuple after(Tuple filter) {
    Tuple params = Tuple.tuple();
    for (int i = 0; i < filter.size(); i++) {
      params.addValue(filter.getValue(i));
    }
    return params.addInteger(limit).addLong(offset());
  }

  /** {@code LIMIT $n OFFSET $n+1} for a statement whose filter takes {@code filterSize} parameters. */
  static String clause(int filterSize) {
    return " LIMIT $" + (filterSize + 1) + " OFFSET $" + (filterSize + 2);
  }

  /**
   * A page reply {@code {data, total}}: counts the matches of {@code countSql}, then reads this page of
   * {@code selectSql} (ordered, without LIMIT), both with {@code filter}'s parameters.
   */
  Future<JsonObject> read(SqlClient client, String countSql, String selectSql, Tuple filter,
      Function<RowSet<Row>, Future<JsonArray>> data) {
    return client.preparedQuery(countSql).execute(filter)
        .compose(count -> client.preparedQuery(selectSql + clause(filter.size())).execute(after(filter))
            .compose(data)
            .map(rows -> new JsonObject().put("data", rows).put("total", count.iterator().next().getLong(0))));
  }

  /** As {@link #read}, each row as {@link RowJson}. */
  Future<JsonObject> readRows(SqlClient client, String countSql, String selectSql, Tuple filter) {
    return read(client, countSql, selectSql, filter, rows -> Future.succeededFuture(RowJson.all(rows)));
  }
}
