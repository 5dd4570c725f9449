package io.csms.api.routes;

import static io.csms.api.routes.Endpoint.ask;
import static io.csms.api.routes.Endpoint.forward;
import static io.csms.api.routes.Endpoint.forwardPage;
import static io.csms.api.routes.Endpoint.request;

import io.csms.bus.AdminStoreAddresses;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;

/** Transactions, their meter values, the CSV export, and the OCPP log. */
public final class TransactionRoutes {
  static final int EXPORT_LIMIT = 100_000;
  private static final int EXPORT_PAGE = 1_000;
  private static final List<String> CSV_COLUMNS = List.of("id", "chargePointId", "connectorId", "userId", "idTag",
      "status", "startTime", "stopTime", "meterStartWh", "meterStopWh", "energyKwh", "amount", "currency",
      "stopReason", "billingAttempts", "billingLastError");

  private TransactionRoutes() {
  }

  public static void mount(RouterBuilder rb) {
    rb.getRoute("listTransactions").addHandler(forwardPage(AdminStoreAddresses.TRANSACTION_LIST));
    rb.getRoute("getTransaction").addHandler(forward(AdminStoreAddresses.TRANSACTION_GET, 200));
    rb.getRoute("getTransactionMeterValues").addHandler(forward(AdminStoreAddresses.TRANSACTION_METER_VALUES, 200));
    rb.getRoute("exportTransactions").addHandler(TransactionRoutes::export);
    rb.getRoute("listLogs").addHandler(forwardPage(AdminStoreAddresses.LOG_LIST));
    rb.getRoute("listChargePointLogs").addHandler(forwardPage(AdminStoreAddresses.LOG_LIST));
  }

  /** Streams the CSV page by page, so a large export never sits whole in memory or in one bus message. */
  private static void export(RoutingContext ctx) {
    JsonObject filter = request(ctx).put("summary", false).put("limit", EXPORT_PAGE);
    ask(ctx, AdminStoreAddresses.TRANSACTION_LIST, filter.copy().put("page", 1)).onSuccess(first -> {
      HttpServerResponse response = ctx.response().setChunked(true)
          .putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"transactions.csv\"");
      response.write(String.join(",", CSV_COLUMNS.stream().map(JsonNames::snake).toList()) + "\r\n");
      writePages(ctx, response, filter, 1, first.getJsonArray("data", new JsonArray()));
    }).onFailure(ctx::fail);
  }

  private static void writePages(RoutingContext ctx, HttpServerResponse response, JsonObject filter, int page,
                                 JsonArray rows) {
    StringBuilder csv = new StringBuilder();
    for (Object o : rows) {
      JsonObject row = (JsonObject) o;
      for (int i = 0; i < CSV_COLUMNS.size(); i++) {
        csv.append(i == 0 ? "" : ",").append(cell(row.getValue(CSV_COLUMNS.get(i))));
      }
      csv.append("\r\n");
    }
    response.write(csv.toString());
    if (rows.size() < EXPORT_PAGE || page * EXPORT_PAGE >= EXPORT_LIMIT) {
      response.end();
      return;
    }
    ask(ctx, AdminStoreAddresses.TRANSACTION_LIST, filter.copy().put("page", page + 1))
        .onSuccess(next -> writePages(ctx, response, filter, page + 1, next.getJsonArray("data", new JsonArray())))
        // The status line has gone out: a failure mid-way can only cut the download short.
        .onFailure(e -> response.reset());
  }

  /** RFC 4180 quoting, and a leading quote for text a spreadsheet would run as a formula. */
  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String s = String.valueOf(value);
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !(value instanceof Number)
        && !s.matches("-?[0-9.]+")) {
      s = "'" + s;
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
