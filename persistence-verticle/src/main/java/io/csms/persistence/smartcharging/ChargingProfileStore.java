package io.csms.persistence.smartcharging;

import io.csms.bus.EventAddresses;
import io.csms.bus.ProfileStoreAddresses;
import io.csms.persistence.BusEndpoint;
import io.csms.persistence.BusRequest;
import io.csms.persistence.RequestRefused;
import io.csms.persistence.admin.RowJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charging profiles sent to chargers and the sessions a station's power limit is split among
 * ({@link ProfileStoreAddresses} CHARGING_PROFILE_*, STATION_POWER_SESSIONS). A TxProfile lives as long as
 * its transaction: when the transaction stops, its ACTIVE TxProfiles become CLEARED, as on the charger.
 */
public final class ChargingProfileStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ChargingProfileStore.class);
  private static final Set<String> PURPOSES = Set.of("ChargePointMaxProfile", "TxDefaultProfile", "TxProfile");

  private static final String SELECT = """
      SELECT p.id, p.charger_id, c.charge_point_id, p.connector_id, p.charging_profile_id, p.stack_level, p.purpose,
             p.transaction_id, p.profile, p.source, p.status, p.charger_answer, p.created_at, p.updated_at
        FROM charging_profiles p JOIN chargers c ON c.id = p.charger_id
      """;
  private static final String INSERT = """
      INSERT INTO charging_profiles (id, charger_id, connector_id, charging_profile_id, stack_level, purpose,
                                     transaction_id, profile, source)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      """;
  private static final String REPLACE_OLDER = """
      UPDATE charging_profiles o SET status = 'REPLACED', updated_at = now()
        FROM charging_profiles n
       WHERE n.id = $1 AND o.charger_id = n.charger_id AND o.id <> n.id AND o.status = 'ACTIVE'
         AND (o.charging_profile_id = n.charging_profile_id
              OR (o.connector_id = n.connector_id AND o.stack_level = n.stack_level AND o.purpose = n.purpose))
      """;
  private static final String CLEAR = """
      UPDATE charging_profiles SET status = 'CLEARED', updated_at = now()
       WHERE charger_id = $1 AND status = 'ACTIVE'
         AND (($2::int IS NOT NULL AND charging_profile_id = $2)
              OR ($2::int IS NULL AND ($3::int IS NULL OR connector_id = $3) AND ($4::text IS NULL OR purpose = $4)
                  AND ($5::int IS NULL OR stack_level = $5)))
      """;
  private static final String STATION_OF_CHARGER = """
      SELECT s.id, s.power_limit_w FROM chargers c JOIN stations s ON s.id = c.station_id WHERE c.charge_point_id = $1
      """;
  private static final String RUNNING_ON_STATION = """
      SELECT t.id, c.charge_point_id, t.connector_id
        FROM charging_transactions t JOIN chargers c ON c.id = t.charger_id
       WHERE c.station_id = $1 AND t.status = 'RUNNING'
       ORDER BY t.start_time, t.id
      """;

  private final Pool pool;

  public ChargingProfileStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(
        BusEndpoint.serve(vertx, ProfileStoreAddresses.CHARGING_PROFILE_CREATE, LOG, this::create),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.CHARGING_PROFILE_ANSWERED, LOG, this::answered),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.CHARGING_PROFILE_CLEARED, LOG, this::cleared),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.CHARGING_PROFILE_LIST, LOG, this::list),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.STATION_POWER_SESSIONS, LOG, this::stationSessions),
        vertx.eventBus().<JsonObject>consumer(EventAddresses.TRANSACTION_STOPPED, m -> onStopped(m.body())));
  }

  Future<JsonObject> create(BusRequest request) {
    Long chargerId = request.optionalWholeNumber("chargerId");
    String chargePointId = request.optionalText("chargePointId");
    int connectorId = request.integer("connectorId", 0);
    Object rawProfile = request.body().getValue("profile");
    if (!(rawProfile instanceof JsonObject given)) {
      throw RequestRefused.invalid("profile must be an object");
    }
    BusRequest profile = new BusRequest(given);
    String purpose = profile.text("chargingProfilePurpose");
    if (!PURPOSES.contains(purpose)) {
      throw RequestRefused.invalid("chargingProfilePurpose must be one of " + PURPOSES);
    }
    int stackLevel = profile.integer("stackLevel", 0);
    Long transactionId = profile.optionalWholeNumber("transactionId");
    Integer givenProfileId = profile.optionalInteger("chargingProfileId");
    String source = request.optionalText("source") == null ? "OPERATOR" : request.text("source");
    String findCharger = chargerId != null ? "SELECT id FROM chargers WHERE id = $1"
        : "SELECT id FROM chargers WHERE charge_point_id = $1";
    Tuple chargerKey = chargerId != null ? Tuple.of(chargerId) : Tuple.of(chargePointId);
    return pool.withTransaction(conn -> conn.preparedQuery(findCharger).execute(chargerKey)
        .compose(chargers -> {
          if (chargers.size() == 0) {
            throw RequestRefused.notFound("charger " + (chargerId != null ? chargerId : chargePointId) + " not found");
          }
          long charger = chargers.iterator().next().getLong("id");
          return conn.query("SELECT nextval(pg_get_serial_sequence('charging_profiles', 'id')) AS id").execute()
              .compose(ids -> {
                long id = ids.iterator().next().getLong("id");
                int profileId = givenProfileId != null ? givenProfileId : Math.toIntExact(id);
                JsonObject sent = given.copy().put("chargingProfileId", profileId);
                return conn.preparedQuery(INSERT).execute(Tuple.of(id, charger, connectorId, profileId, stackLevel,
                        purpose, transactionId, sent, source))
                    .compose(inserted -> get(conn, id));
              });
        }))
        .map(row -> new JsonObject().put("chargingProfile", row).put("payload", new JsonObject()
            .put("connectorId", connectorId).put("csChargingProfiles", row.getJsonObject("profile"))));
  }

  Future<JsonObject> answered(BusRequest request) {
    long id = request.wholeNumber("id");
    String answer = request.text("answer");
    boolean accepted = "Accepted".equals(answer);
    return pool.withTransaction(conn -> conn.preparedQuery("""
            UPDATE charging_profiles SET status = $2, charger_answer = $3, updated_at = now()
             WHERE id = $1 AND status = 'REQUESTED'
            """).execute(Tuple.of(id, accepted ? "ACTIVE" : "REJECTED", answer))
        .compose(updated -> updated.rowCount() == 1 && accepted
            ? conn.preparedQuery(REPLACE_OLDER).execute(Tuple.of(id)).mapEmpty()
            : Future.succeededFuture())
        .compose(v -> get(conn, id)))
        .map(row -> new JsonObject().put("chargingProfile", row));
  }

  Future<JsonObject> cleared(BusRequest request) {
    Tuple criteria = Tuple.of(request.wholeNumber("chargerId"), request.optionalInteger("id"),
        request.optionalInteger("connectorId"), request.optionalText("purpose"), request.optionalInteger("stackLevel"));
    return pool.preparedQuery(CLEAR).execute(criteria).map(rows -> new JsonObject().put("cleared", rows.rowCount()));
  }

  Future<JsonObject> list(BusRequest request) {
    long chargerId = request.wholeNumber("chargerId");
    return pool.preparedQuery(SELECT + " WHERE p.charger_id = $1 AND ($2::text IS NULL OR p.status = $2)"
            + " ORDER BY p.id DESC LIMIT 500")
        .execute(Tuple.of(chargerId, request.optionalText("status")))
        .map(rows -> new JsonObject().put("data", RowJson.all(rows)));
  }

  Future<JsonObject> stationSessions(BusRequest request) {
    Long stationId = request.optionalWholeNumber("stationId");
    Future<JsonObject> station = stationId != null
        ? pool.preparedQuery("SELECT id, power_limit_w FROM stations WHERE id = $1").execute(Tuple.of(stationId))
            .map(rows -> first(rows.size() == 0 ? null : rows.iterator().next()))
        : pool.preparedQuery(STATION_OF_CHARGER).execute(Tuple.of(request.text("chargePointId")))
            .map(rows -> first(rows.size() == 0 ? null : rows.iterator().next()));
    return station.compose(found -> {
      if (found.getValue("stationId") == null || found.getValue("powerLimitW") == null) {
        return Future.succeededFuture(found.put("sessions", new JsonArray()));
      }
      return pool.preparedQuery(RUNNING_ON_STATION).execute(Tuple.of(found.getLong("stationId"))).map(rows -> {
        JsonArray sessions = new JsonArray();
        rows.forEach(row -> sessions.add(new JsonObject().put("transactionId", row.getLong("id"))
            .put("chargePointId", row.getString("charge_point_id")).put("connectorId", row.getInteger("connector_id"))));
        return found.put("sessions", sessions);
      });
    });
  }

  private static JsonObject first(Row station) {
    if (station == null) {
      return new JsonObject().putNull("stationId").putNull("powerLimitW");
    }
    var limit = station.getBigDecimal("power_limit_w");
    return new JsonObject().put("stationId", station.getLong("id"))
        .put("powerLimitW", limit == null ? null : limit.stripTrailingZeros().toPlainString());
  }

  private void onStopped(JsonObject stopped) {
    if (!(stopped.getValue("transactionId") instanceof Number id)) {
      return;
    }
    pool.preparedQuery("""
            UPDATE charging_profiles SET status = 'CLEARED', updated_at = now()
             WHERE transaction_id = $1 AND purpose = 'TxProfile' AND status = 'ACTIVE'
            """).execute(Tuple.of(id.longValue()))
        .onFailure(e -> LOG.warn("TxProfiles of transaction {} could not be closed: {}", id, e.getMessage()));
  }

  private static Future<JsonObject> get(SqlClient client, long id) {
    return client.preparedQuery(SELECT + " WHERE p.id = $1").execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw RequestRefused.notFound("charging profile " + id + " not found");
      }
      JsonObject row = RowJson.of(rows.iterator().next());
      // The profile is OCPP's JSON: carried as stored, not re-shaped.
      return row.put("profile", rows.iterator().next().getJsonObject("profile"));
    });
  }
}
