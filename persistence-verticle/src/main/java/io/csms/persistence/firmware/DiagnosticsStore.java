package io.csms.persistence.firmware;

import io.csms.bus.ProfileStoreAddresses;
import io.csms.persistence.BusEndpoint;
import io.csms.persistence.BusRequest;
import io.csms.persistence.RequestRefused;
import io.csms.persistence.admin.RowJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GetDiagnostics requests, their uploads to the node and every DiagnosticsStatusNotification
 * ({@link ProfileStoreAddresses} DIAGNOSTICS_*). Each request gets an unguessable upload token: the location
 * sent to the charger names it, and only an upload to a known token is accepted.
 */
public final class DiagnosticsStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(DiagnosticsStore.class);
  private static final SecureRandom TOKENS = new SecureRandom();

  private static final String SELECT = """
      SELECT d.*, c.charge_point_id FROM diagnostics_requests d JOIN chargers c ON c.id = d.charger_id
      """;
  private static final String STATUS = """
      WITH charger AS (SELECT id FROM chargers WHERE charge_point_id = $1),
           request AS (SELECT d.id FROM diagnostics_requests d JOIN charger ON charger.id = d.charger_id
                        ORDER BY d.id DESC LIMIT 1),
           latest AS (UPDATE diagnostics_requests d SET latest_status = $2, status_at = $3
                        FROM request WHERE d.id = request.id)
      INSERT INTO diagnostics_status_events (charger_id, request_id, status, received_at)
      SELECT charger.id, (SELECT id FROM request), $2, $3 FROM charger
      RETURNING request_id
      """;

  private final Pool pool;

  public DiagnosticsStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(
        BusEndpoint.serve(vertx, ProfileStoreAddresses.DIAGNOSTICS_CREATE, LOG, this::create),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.DIAGNOSTICS_ANSWERED, LOG, this::answered),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.DIAGNOSTICS_UPLOADED, LOG, this::uploaded),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.DIAGNOSTICS_BY_TOKEN, LOG, r -> byToken(r.text("uploadToken"))),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.DIAGNOSTICS_STATUS, LOG, this::status),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.DIAGNOSTICS_HISTORY, LOG, this::history));
  }

  Future<JsonObject> create(BusRequest request) {
    long chargerId = request.wholeNumber("chargerId");
    byte[] random = new byte[16];
    TOKENS.nextBytes(random);
    String token = HexFormat.of().formatHex(random);
    String location = request.text("uploadBaseUrl") + "/" + token;
    return pool.preparedQuery("""
            INSERT INTO diagnostics_requests (charger_id, upload_token, location, start_time, stop_time, retries,
                                              retry_interval)
            SELECT id, $2, $3, $4, $5, $6, $7 FROM chargers WHERE id = $1
            RETURNING id
            """).execute(Tuple.of(chargerId, token, location, request.optionalInstant("startTime"),
            request.optionalInstant("stopTime"), request.optionalInteger("retries"),
            request.optionalInteger("retryInterval")))
        .compose(rows -> {
          if (rows.size() == 0) {
            throw RequestRefused.notFound("charger " + chargerId + " not found");
          }
          return get(pool, "d.id = $1", rows.iterator().next().getLong("id"));
        });
  }

  Future<JsonObject> answered(BusRequest request) {
    long id = request.wholeNumber("id");
    return pool.preparedQuery("UPDATE diagnostics_requests SET answer = $2, file_name = $3 WHERE id = $1")
        .execute(Tuple.of(id, request.text("answer"), request.optionalText("fileName")))
        .compose(rows -> get(pool, "d.id = $1", id));
  }

  Future<JsonObject> uploaded(BusRequest request) {
    String token = request.text("uploadToken");
    return pool.preparedQuery("""
            UPDATE diagnostics_requests SET uploaded_name = $2, uploaded_bytes = $3, stored_name = $4, uploaded_at = now()
             WHERE upload_token = $1
            """).execute(Tuple.of(token, request.text("uploadedName"), request.wholeNumber("uploadedBytes"),
            request.text("storedName")))
        .compose(rows -> byToken(token));
  }

  Future<JsonObject> status(BusRequest request) {
    return StatusReport.record(pool, STATUS, request, "request_id", "requestId");
  }


  Future<JsonObject> history(BusRequest request) {
    long chargerId = request.wholeNumber("chargerId");
    return pool.preparedQuery(SELECT + " WHERE d.charger_id = $1 ORDER BY d.id DESC LIMIT 100")
        .execute(Tuple.of(chargerId))
        .compose(requests -> pool.preparedQuery("""
                SELECT status, received_at, request_id FROM diagnostics_status_events WHERE charger_id = $1
                 ORDER BY id DESC LIMIT 100
                """).execute(Tuple.of(chargerId))
            .map(history -> new JsonObject().put("requests", RowJson.all(requests))
                .put("history", RowJson.all(history))));
  }

  private Future<JsonObject> byToken(String token) {
    return get(pool, "d.upload_token = $1", token);
  }

  private static Future<JsonObject> get(SqlClient client, String where, Object key) {
    return client.preparedQuery(SELECT + " WHERE " + where).execute(Tuple.of(key)).map(rows -> {
      if (rows.size() == 0) {
        throw RequestRefused.notFound("no such diagnostics request");
      }
      return new JsonObject().put("diagnostics", RowJson.of(rows.iterator().next()));
    });
  }
}
