package io.csms.persistence.admin;

import io.csms.bus.AdminStoreAddresses;
import io.csms.persistence.BusEndpoint;
import io.csms.persistence.BusRequest;
import io.csms.persistence.RequestRefused;
import io.csms.persistence.audit.AuditLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Transactions, their meter values and the OCPP log, read for the management API. */
public final class TransactionAdminStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionAdminStore.class);
  private static final String COLUMNS = "t.id, t.charger_id, c.charge_point_id, t.connector_id, t.user_id, t.id_tag,"
      + " t.status, t.start_time, t.stop_time, t.meter_start_wh, t.meter_stop_wh, t.energy_wh,"
      + " round(t.energy_wh / 1000, 3) AS energy_kwh, t.amount, t.currency, t.stop_reason, t.stop_source,"
      + " t.tariff_id, t.billing_attempts, t.billing_last_error, t.billed_at";
  private static final String FROM = " FROM charging_transactions t JOIN chargers c ON c.id = t.charger_id";
  private static final String FILTER = " WHERE ($1::text IS NULL OR t.status = $1)"
      + " AND ($2::bigint IS NULL OR t.user_id = $2) AND ($3::bigint IS NULL OR t.charger_id = $3)"
      + " AND ($4::timestamptz IS NULL OR t.start_time >= $4) AND ($5::timestamptz IS NULL OR t.start_time < $5)";
  private static final String SUMMARY = "SELECT count(*) AS total_transactions,"
      + " count(*) FILTER (WHERE t.status IN ('RUNNING', 'PENDING_RECONCILIATION')) AS running,"
      + " count(*) FILTER (WHERE t.status = 'COMPLETED') AS completed,"
      + " count(*) FILTER (WHERE t.status = 'BILLING_FAILED') AS billing_failed,"
      + " round(coalesce(sum(t.energy_wh), 0) / 1000, 3) AS total_energy_kwh,"
      + " coalesce(sum(t.amount), 0)::numeric(14,2) AS total_amount";
  private static final String ENERGY = "Energy.Active.Import.Register";
  private static final String POWER = "Power.Active.Import";

  private final Pool pool;

  public TransactionAdminStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(
        BusEndpoint.serve(vertx, AdminStoreAddresses.TRANSACTION_LIST, LOG, this::list),
        BusEndpoint.serve(vertx, AdminStoreAddresses.TRANSACTION_GET, LOG, this::get),
        BusEndpoint.serve(vertx, AdminStoreAddresses.TRANSACTION_METER_VALUES, LOG, this::meterValues),
        BusEndpoint.serve(vertx, AdminStoreAddresses.LOG_LIST, LOG, this::logs));
  }

  private Future<JsonObject> list(BusRequest request) {
    Page page = Page.of(request);
    Tuple filter = Tuple.of(request.optionalText("status"), request.optionalWholeNumber("userId"),
        request.optionalWholeNumber("chargerId"), request.optionalFilterInstant("startDate"),
        request.optionalFilterInstant("endDate"));
    boolean summary = !Boolean.FALSE.equals(request.optionalBool("summary"));
    Future<JsonArray> data = pool.preparedQuery("SELECT " + COLUMNS + FROM + FILTER
        + " ORDER BY t.start_time DESC, t.id DESC" + Page.clause(filter.size())).execute(page.after(filter))
        .map(RowJson::all);
    if (!summary) {
      return data.map(rows -> new JsonObject().put("data", rows));
    }
    return pool.preparedQuery(SUMMARY + FROM + FILTER).execute(filter)
        .compose(totals -> data.map(rows -> {
          JsonObject counted = RowJson.of(totals.iterator().next());
          return new JsonObject().put("data", rows).put("total", counted.getLong("totalTransactions"))
              .put("summary", counted);
        }));
  }

  private Future<JsonObject> get(BusRequest request) {
    long id = request.wholeNumber("id");
    return pool.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE t.id = $1").execute(Tuple.of(id))
        .map(rows -> new JsonObject().put("transaction", RowJson.first(rows, "transaction", id)));
  }

  private Future<JsonObject> meterValues(BusRequest request) {
    long id = request.wholeNumber("id");
    return pool.preparedQuery("SELECT meter_start_wh FROM charging_transactions WHERE id = $1").execute(Tuple.of(id))
        .compose(tx -> {
          if (tx.size() == 0) {
            return Future.failedFuture(RequestRefused.missing("transaction", id));
          }
          BigDecimal meterStart = tx.iterator().next().getBigDecimal(0);
          return pool.preparedQuery("SELECT sampled_at, measurand, phase, unit, context, location, value, raw_value,"
                  + " normalized_value, normalized_unit FROM meter_values WHERE transaction_id = $1"
                  + " ORDER BY sampled_at, reading_id, position").execute(Tuple.of(id))
              .map(rows -> {
                JsonArray values = new JsonArray();
                Map<String, JsonObject> chart = new LinkedHashMap<>();
                for (Row row : rows) {
                  JsonObject value = RowJson.of(row);
                  values.add(value);
                  chartPoint(chart, value, row, meterStart);
                }
                return new JsonObject().put("transactionId", id).put("meterValues", values)
                    .put("chartData", new JsonArray(new ArrayList<>(chart.values())));
              });
        });
  }

  /** One chart point per sampling instant: energy since the start (kWh) and total power (kW). */
  private static void chartPoint(Map<String, JsonObject> chart, JsonObject value, Row row, BigDecimal meterStart) {
    BigDecimal normalized = row.getBigDecimal("normalized_value");
    String measurand = value.getString("measurand");
    boolean wholeMeter = value.getString("phase") == null;
    if (normalized == null || !wholeMeter || !(ENERGY.equals(measurand) || POWER.equals(measurand))) {
      return;
    }
    JsonObject point = chart.computeIfAbsent(value.getString("sampledAt"),
        at -> new JsonObject().put("timestamp", at).put("energyKwh", null).put("powerKw", null));
    if (ENERGY.equals(measurand)) {
      point.put("energyKwh", normalized.subtract(meterStart).movePointLeft(3).setScale(3, RoundingMode.HALF_UP).toPlainString());
    } else {
      point.put("powerKw", normalized.movePointLeft(3).setScale(3, RoundingMode.HALF_UP).toPlainString());
    }
  }

  /**
   * The audit log frame by frame ({@code ocpp_frames}, V38), newest exchange first and within one its answer
   * before its CALL. A frame lies within {@value AuditLog#MAX_ANSWER_DELAY_SECONDS} s after its row's time
   * ({@code exchange_at}), which bounds the rows to read through the time index. The total counts each row's
   * frames in the table itself: through the view it took five times as long on a large log.
   */
  private Future<JsonObject> logs(BusRequest request) {
    String rows = " ($1::text IS NULL OR charge_point_id = $1) AND ($2::text IS NULL OR action = $2)"
        + " AND ($4::timestamptz IS NULL OR %1$s >= $4 - make_interval(secs => "
        + AuditLog.MAX_ANSWER_DELAY_SECONDS + ")) AND ($5::timestamptz IS NULL OR %1$s < $5)";
    String frames = " WHERE" + rows.formatted("exchange_at") + " AND ($3::text IS NULL OR direction = $3)"
        + " AND ($4::timestamptz IS NULL OR created_at >= $4) AND ($5::timestamptz IS NULL OR created_at < $5)";
    String count = "SELECT count(*) FILTER (WHERE ($3::text IS NULL OR direction = $3)"
        + " AND ($4::timestamptz IS NULL OR created_at >= $4))"
        + " + count(*) FILTER (WHERE answer_id IS NOT NULL AND ($3::text IS NULL OR direction <> $3)"
        + " AND ($4::timestamptz IS NULL OR answered_at >= $4) AND ($5::timestamptz IS NULL OR answered_at < $5))"
        + " FROM ocpp_messages WHERE" + rows.formatted("created_at");
    Tuple params = Tuple.of(request.optionalText("chargePointId"), request.optionalText("action"),
        request.optionalText("direction"), request.optionalFilterInstant("startDate"),
        request.optionalFilterInstant("endDate"));
    return Page.of(request).readRows(pool, count,
        "SELECT id, charge_point_id, direction, message_type, action, message_id, payload, created_at AS timestamp"
            + " FROM ocpp_frames" + frames + " ORDER BY exchange_at DESC, exchange_id DESC, message_type DESC",
        params);
  }
}
