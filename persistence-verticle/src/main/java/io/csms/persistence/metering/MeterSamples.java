package io.csms.persistence.metering;

import io.csms.persistence.BusRequest;
import io.csms.persistence.RequestRefused;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * OCPP {@code MeterValue}s turned into {@code meter_readings} rows, one per reading (the sampled values a report
 * carries for one instant, as parallel arrays in the order reported; the {@code meter_values} view shows them one
 * sampled value per row), and written with one statement for any number of reports (one round trip, atomic: one
 * implicit database transaction, or the caller's). Numbers travel as text so that no digit is lost on the way.
 *
 * <p>OCPP defaults are made explicit: measurand {@value #ENERGY_REGISTER}, context {@code Sample.Periodic},
 * format {@code Raw}, unit {@code Wh} for {@code Energy.*} measurands (none for the others).
 * {@code raw_value} keeps the text as reported; {@code value} is that text as a number when it is one
 * (never for {@code SignedData}). Normalisation, into {@code normalized_value}/{@code normalized_unit}:
 * <ul>
 *   <li>{@code Energy.*} in {@code Wh} or {@code kWh}: Wh (kWh x 1000);</li>
 *   <li>{@code Power.*} in {@code W} or {@code kW}: W (kW x 1000);</li>
 *   <li>anything else (varh, A, V, Celsius, Percent, ...): kept as reported, in its own unit.</li>
 * </ul>
 *
 * <p>Reconciliation closes a session with its newest {@value #ENERGY_REGISTER} sample without a phase (the whole
 * meter, not one phase), read from these rows ({@code transaction_last_meter}, V40): a late, older MeterValues
 * never moves the meter back.
 */
public final class MeterSamples {
  public static final String ENERGY_REGISTER = "Energy.Active.Import.Register";
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  // All the reports of a batch in one statement: their headers ($1-$4, one element per report) and their
  // readings ($5-$16, one element per reading, tied to a report by its index; each sampled-value column of a
  // reading is one array literal, see arrayLiteral). A report whose charger is unknown finds no target and stores
  // nothing; a transaction is linked only when it is that charger's. meter_readings has no foreign keys (V34, V35)
  // and the charger row is not locked (a row lock per report, a WAL record each, cost the statement 2-6% of its
  // time, see docs/benchmarks.md): a charger's deletion waits for the writes in flight instead
  // (ChargerAdminStore). Nothing else is written: the session's last meter value is read from its readings when
  // reconciliation needs it (V40). Readings are inserted in the order reported, so ids follow that order.
  private static final String INSERT = """
      WITH report AS (
        SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::bigint[])
                   AS r(report, charge_point_id, connector_id, transaction_id)),
      target AS (
        SELECT r.report, c.id AS charger_id, r.connector_id, t.id AS transaction_id
          FROM report r JOIN chargers c ON c.charge_point_id = r.charge_point_id
          LEFT JOIN charging_transactions t ON t.id = r.transaction_id AND t.charger_id = c.id),
      stored AS (
        INSERT INTO meter_readings (charger_id, connector_id, transaction_id, sampled_at, measurands, phases, units,
                                    contexts, locations, formats, raw_values, numeric_values, normalized_values,
                                    normalized_units)
        SELECT target.charger_id, target.connector_id, target.transaction_id, g.sampled_at, g.measurands::text[],
               g.phases::text[], g.units::text[], g.contexts::text[], g.locations::text[], g.formats::text[],
               g.raw_values::text[], g.numeric_values::numeric[], g.normalized_values::numeric[],
               g.normalized_units::text[]
          FROM unnest($5::int[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                      $12::text[], $13::text[], $14::text[], $15::text[], $16::text[]) WITH ORDINALITY
                 AS g(report, sampled_at, measurands, phases, units, contexts, locations, formats, raw_values,
                      numeric_values, normalized_values, normalized_units, position)
          JOIN target ON target.report = g.report
         ORDER BY g.position)
      SELECT report FROM target
      """;

  /** A sampled value's columns of {@code meter_readings}, in the statement's order (numbers as text). */
  private static final List<Function<Sample, String>> COLUMNS = List.of(Sample::measurand, Sample::phase,
      Sample::unit, Sample::context, Sample::location, Sample::format, Sample::rawValue,
      s -> s.value() == null ? null : s.value().toPlainString(),
      s -> s.normalizedValue() == null ? null : s.normalizedValue().toPlainString(), Sample::normalizedUnit);

  /** One sampledValue, with the OCPP defaults applied and its normalised value. */
  public record Sample(OffsetDateTime sampledAt, String measurand, String phase, String unit, String context,
      String location, String format, String rawValue, BigDecimal value, BigDecimal normalizedValue,
      String normalizedUnit) {
  }

  private MeterSamples() {
  }

  /** Reads an OCPP {@code MeterValue[]}; refuses (INVALID) the whole array if one entry is malformed. */
  public static List<Sample> parse(String key, JsonArray meterValues) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < meterValues.size(); i++) {
      if (!(meterValues.getValue(i) instanceof JsonObject meterValue)) {
        throw RequestRefused.invalid(key + "[" + i + "] must be an object");
      }
      String at = key + "[" + i + "]";
      BusRequest entry = new BusRequest(meterValue);
      OffsetDateTime timestamp = BusRequest.parseInstant(at + ".timestamp", entry.text("timestamp"));
      JsonArray sampledValues = entry.array("sampledValue");
      if (sampledValues.isEmpty()) {
        throw RequestRefused.invalid(at + ".sampledValue must not be empty");
      }
      for (int j = 0; j < sampledValues.size(); j++) {
        if (!(sampledValues.getValue(j) instanceof JsonObject sampledValue)) {
          throw RequestRefused.invalid(at + ".sampledValue[" + j + "] must be an object");
        }
        samples.add(sample(timestamp, new BusRequest(sampledValue)));
      }
    }
    return samples;
  }

  private static Sample sample(OffsetDateTime timestamp, BusRequest sampledValue) {
    Object raw = sampledValue.body().getValue("value");
    if (raw == null) {
      throw RequestRefused.invalid("sampledValue.value is required");
    }
    // OCPP sends the value as a string; a bare number is accepted as its text.
    String rawValue = raw instanceof Number ? raw.toString() : sampledValue.text("value");
    String measurand = orDefault(sampledValue.optionalText("measurand"), ENERGY_REGISTER);
    String format = orDefault(sampledValue.optionalText("format"), "Raw");
    String unit = orDefault(sampledValue.optionalText("unit"), measurand.startsWith("Energy.") ? "Wh" : null);
    BigDecimal value = "SignedData".equals(format) ? null : number(rawValue);
    BigDecimal normalizedValue = value;
    String normalizedUnit = value == null ? null : unit;
    if (value != null && measurand.startsWith("Energy.") && "kWh".equals(unit)) {
      normalizedValue = value.multiply(THOUSAND);
      normalizedUnit = "Wh";
    } else if (value != null && measurand.startsWith("Power.") && "kW".equals(unit)) {
      normalizedValue = value.multiply(THOUSAND);
      normalizedUnit = "W";
    }
    return new Sample(timestamp, measurand, sampledValue.optionalText("phase"), unit,
        orDefault(sampledValue.optionalText("context"), "Sample.Periodic"), sampledValue.optionalText("location"),
        format, rawValue, value, normalizedValue, normalizedUnit);
  }

  /**
   * The samples of one MeterValues request (or of a StopTransaction's transactionData) for one charger and
   * connector.
   */
  public record Report(String chargePointId, int connectorId, Long transactionId, List<Sample> samples) {
  }

  /**
   * Inserts the samples of one report within the caller's database transaction {@code conn}; answers the number
   * of sampled values stored: 0 when the charge point is not registered. The statement runs with its generic
   * plan there too (see {@link MeterValueStore#pool}): under the default plan cache mode every StopTransaction
   * with transactionData planned it again.
   */
  public static Future<Integer> insert(SqlConnection conn, String chargePointId, int connectorId, Long transactionId,
      List<Sample> samples) {
    if (samples.isEmpty()) {
      return Future.succeededFuture(0);
    }
    // Both sent at once (the connection pipelines them): no round trip of its own for the setting.
    Future<?> generic = conn.query("SET LOCAL plan_cache_mode = force_generic_plan").execute();
    Future<boolean[]> stored = insert(conn, List.of(new Report(chargePointId, connectorId, transactionId, samples)));
    return generic.compose(set -> stored).map(found -> found[0] ? samples.size() : 0);
  }

  /**
   * Inserts the samples of all {@code reports} with one statement (atomic: all or nothing). Answers, per report,
   * whether it was stored: false when its charge point is not registered.
   */
  public static Future<boolean[]> insert(SqlClient sql, List<Report> reports) {
    int n = reports.size();
    Integer[] reportIds = new Integer[n];
    String[] chargePointIds = new String[n];
    Integer[] connectorIds = new Integer[n];
    Long[] transactionIds = new Long[n];
    List<Integer> readingReports = new ArrayList<>(n);
    List<List<Sample>> readings = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Report report = reports.get(i);
      reportIds[i] = i;
      chargePointIds[i] = report.chargePointId();
      connectorIds[i] = report.connectorId();
      transactionIds[i] = report.transactionId();
      for (List<Sample> reading : byInstant(report.samples())) {
        readingReports.add(i);
        readings.add(reading);
      }
    }
    int rows = readings.size();
    OffsetDateTime[] sampledAt = new OffsetDateTime[rows];
    // The sampled-value columns $7-$16, in the statement's order: one array literal per reading.
    String[][] columns = new String[COLUMNS.size()][rows];
    for (int r = 0; r < rows; r++) {
      List<Sample> reading = readings.get(r);
      sampledAt[r] = reading.get(0).sampledAt();
      for (int c = 0; c < COLUMNS.size(); c++) {
        columns[c][r] = arrayLiteral(reading, COLUMNS.get(c));
      }
    }
    Tuple params = Tuple.of(reportIds, chargePointIds, connectorIds, transactionIds)
        .addValue(readingReports.toArray(new Integer[0])).addValue(sampledAt);
    for (String[] column : columns) {
      params.addValue(column);
    }
    return sql.preparedQuery(INSERT).execute(params).map(found -> {
      boolean[] stored = new boolean[n];
      for (Row r : found) {
        stored[r.getInteger(0)] = true;
      }
      return stored;
    });
  }

  /** A report's samples grouped into readings, one per instant, in the order their instants first appear. */
  static Collection<List<Sample>> byInstant(List<Sample> samples) {
    Map<OffsetDateTime, List<Sample>> readings = new LinkedHashMap<>(4);
    for (Sample sample : samples) {
      readings.computeIfAbsent(sample.sampledAt(), at -> new ArrayList<>(8)).add(sample);
    }
    return readings.values();
  }

  /**
   * One column of a reading as a PostgreSQL array literal: every element double-quoted with its backslashes and
   * quotes escaped, a missing one as NULL, so that any text a charge point sent comes back unchanged. A literal
   * per reading, rather than one flat array per column aggregated in SQL, spares the database a sort per column
   * and reading.
   */
  static String arrayLiteral(List<Sample> reading, Function<Sample, String> column) {
    StringBuilder literal = new StringBuilder(16 * reading.size()).append('{');
    for (int i = 0; i < reading.size(); i++) {
      if (i > 0) {
        literal.append(',');
      }
      String value = column.apply(reading.get(i));
      if (value == null) {
        literal.append("NULL");
        continue;
      }
      literal.append('"');
      for (int k = 0; k < value.length(); k++) {
        char ch = value.charAt(k);
        if (ch == '"' || ch == '\\') {
          literal.append('\\');
        }
        literal.append(ch);
      }
      literal.append('"');
    }
    return literal.append('}').toString();
  }

  private static BigDecimal number(String text) {
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
