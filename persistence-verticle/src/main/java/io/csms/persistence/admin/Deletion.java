package io.csms.persistence.admin;

import io.csms.persistence.RequestRefused;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** A delete of one named row: {@code {}} once gone, NOT_FOUND "no {what} {id}" when there was none. */
final class Deletion {
  private Deletion() {
  }

  static Future<JsonObject> reply(SqlClient client, String sql, Tuple params, String what, Object id) {
    return client.preparedQuery(sql).execute(params)
        .compose(result -> result.rowCount() == 0
            ? Future.failedFuture(RequestRefused.missing(what, id))
            : Future.succeededFuture(new JsonObject()));
  }
}
