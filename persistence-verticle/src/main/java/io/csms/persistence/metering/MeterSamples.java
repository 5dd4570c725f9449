package io.csms.persistence.metering;

import io.csms.persistence.BusRequest;
import io.csms.persistence.RequestRefused;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * OCPP {@code MeterValue}s turned into {@code meter_values} rows, one per sampledValue, and written with one
 * {@code executeBatch} (one round trip, atomic: the batch runs in one implicit database transaction, or in the
 * caller's).
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
 * <p>The newest {@value #ENERGY_REGISTER} sample without a phase (the whole meter, not one phase) becomes the
 * transaction's {@code last_meter_wh}/{@code last_meter_at}, and only if it is newer than what is stored:
 * a late, older MeterValues never moves the meter back. Reconciliation closes sessions with that value.
 */
public final class MeterSamples {
  public static final String ENERGY_REGISTER = "Energy.Active.Import.Register";
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  // One row per sampledValue. The charger is found by its OCPP id; the transaction is linked only when it
  // is that charger's. The flagged sample ($15) also moves the transaction's last meter value forward.
  private static final String INSERT = """
      WITH target AS (
        SELECT c.id AS charger_id, t.id AS transaction_id
          FROM chargers c LEFT JOIN charging_transactions t ON t.id = $3 AND t.charger_id = c.id
         WHERE c.charge_point_id = $1),
      moved AS (
        UPDATE charging_transactions t SET last_meter_wh = $13, last_meter_at = $4, updated_at = now()
          FROM target
         WHERE $15 AND t.id = target.transaction_id AND (t.last_meter_at IS NULL OR t.last_meter_at < $4))
      INSERT INTO meter_values (charger_id, connector_id, transaction_id, sampled_at, measurand, phase, unit,
                                context, location, format, raw_value, value, normalized_value, normalized_unit)
      SELECT target.charger_id, $2, target.transaction_id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14
        FROM target
      """;

  /** One sampledValue, with the OCPP defaults applied and its normalised value. */
  public record Sample(OffsetDateTime sampledAt, String measurand, String phase, String unit, String context,
      String location, String format, String rawValue, BigDecimal value, BigDecimal normalizedValue,
      String normalizedUnit) {

    boolean isWholeMeterEnergyRegister() {
      return ENERGY_REGISTER.equals(measurand) && phase == null && "Wh".equals(normalizedUnit)
          && normalizedValue != null;
    }
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
   * Inserts the samples in one batch and moves the transaction's last meter value when
   * {@code moveLastMeter}. Answers the number of rows stored: 0 when the charge point is not registered.
   */
  public static Future<Integer> insert(SqlClient sql, String chargePointId, int connectorId, Long transactionId,
      List<Sample> samples, boolean moveLastMeter) {
    if (samples.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Sample newest = null;
    if (moveLastMeter && transactionId != null) {
      for (Sample s : samples) {
        if (s.isWholeMeterEnergyRegister() && (newest == null || !s.sampledAt().isBefore(newest.sampledAt()))) {
          newest = s;
        }
      }
    }
    List<Tuple> batch = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      batch.add(Tuple.of(chargePointId, connectorId, transactionId, s.sampledAt(), s.measurand(), s.phase(),
              s.unit(), s.context(), s.location(), s.format())
          .addValue(s.rawValue()).addValue(s.value()).addValue(s.normalizedValue()).addValue(s.normalizedUnit())
          .addValue(s == newest));
    }
    return sql.preparedQuery(INSERT).executeBatch(batch).map(MeterSamples::rowsStored);
  }

  private static int rowsStored(RowSet<?> first) {
    int stored = 0;
    for (RowSet<?> r = first; r != null; r = r.next()) {
      stored += r.rowCount();
    }
    return stored;
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
