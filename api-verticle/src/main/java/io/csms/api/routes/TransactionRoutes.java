package io.csms.api.routes;

import static io.csms.api.routes.Endpoint.ask;
import static io.csms.api.routes.Endpoint.forward;
import static io.csms.api.routes.Endpoint.forwardPage;
import static io.csms.api.routes.Endpoint.request;

import io.csms.bus.AdminStoreAddresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;

/** Transactions, their meter values, the CSV export, and the OCPP log. */
public final class TransactionRoutes {
  static final int EXPORT_LIMIT = 100_000;
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

  private static void export(RoutingContext ctx) {
    JsonObject request = request(ctx).put("page", 1).put("limit", EXPORT_LIMIT);
    ask(ctx, AdminStoreAddresses.TRANSACTION_LIST, request).onSuccess(reply -> {
      StringBuilder csv = new StringBuilder();
      csv.append(String.join(",", CSV_COLUMNS.stream().map(JsonNames::snake).toList())).append("\r\n");
      JsonArray rows = reply.getJsonArray("data", new JsonArray());
      for (Object o : rows) {
        JsonObject row = (JsonObject) o;
        for (int i = 0; i < CSV_COLUMNS.size(); i++) {
          csv.append(i == 0 ? "" : ",").append(cell(row.getValue(CSV_COLUMNS.get(i))));
        }
        csv.append("\r\n");
      }
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"transactions.csv\"")
          .end(csv.toString());
    }).onFailure(ctx::fail);
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
