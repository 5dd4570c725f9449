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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firmware images, rollouts of UpdateFirmware to selections of chargers, and every FirmwareStatusNotification
 * ({@link ProfileStoreAddresses} FIRMWARE_*). A status counts for the newest rollout the charger answered.
 */
public final class FirmwareStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(FirmwareStore.class);
  private static final int MAX_TARGETS = 500;

  private static final String TARGETS = """
      SELECT t.charger_id, c.charge_point_id, t.answer, t.latest_status, t.status_at
        FROM firmware_rollout_targets t JOIN chargers c ON c.id = t.charger_id
       WHERE t.rollout_id = $1 ORDER BY t.charger_id
      """;
  private static final String STATUS = """
      WITH charger AS (SELECT id FROM chargers WHERE charge_point_id = $1),
           rollout AS (SELECT t.rollout_id FROM firmware_rollout_targets t JOIN charger ON charger.id = t.charger_id
                        WHERE t.answer = 'Answered' ORDER BY t.rollout_id DESC LIMIT 1),
           target AS (UPDATE firmware_rollout_targets t SET latest_status = $2, status_at = $3
                        FROM charger, rollout
                       WHERE t.charger_id = charger.id AND t.rollout_id = rollout.rollout_id)
      INSERT INTO firmware_status_events (charger_id, rollout_id, status, received_at)
      SELECT charger.id, (SELECT rollout_id FROM rollout), $2, $3 FROM charger
      RETURNING rollout_id
      """;

  private final Pool pool;

  public FirmwareStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(
        BusEndpoint.serve(vertx, ProfileStoreAddresses.FIRMWARE_FILE_CREATE, LOG, this::createFile),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.FIRMWARE_FILE_GET, LOG, r -> file(pool, r.wholeNumber("id"))
            .map(file -> new JsonObject().put("firmwareFile", file))),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.FIRMWARE_FILE_LIST, LOG, r -> pool
            .query("SELECT * FROM firmware_files ORDER BY id DESC LIMIT 500").execute()
            .map(rows -> new JsonObject().put("data", RowJson.all(rows)))),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.FIRMWARE_ROLLOUT_CREATE, LOG, this::createRollout),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.FIRMWARE_ROLLOUT_ANSWERED, LOG, this::answered),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.FIRMWARE_ROLLOUT_GET, LOG, this::rollout),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.FIRMWARE_STATUS, LOG, this::status),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.FIRMWARE_HISTORY, LOG, this::history));
  }

  Future<JsonObject> createFile(BusRequest request) {
    return pool.preparedQuery("""
            INSERT INTO firmware_files (name, size_bytes, sha256, stored_name) VALUES ($1, $2, $3, $4) RETURNING id
            """).execute(Tuple.of(request.text("name"), request.wholeNumber("sizeBytes"), request.text("sha256"),
            request.text("storedName")))
        .compose(rows -> file(pool, rows.iterator().next().getLong("id")))
        .map(file -> new JsonObject().put("firmwareFile", file));
  }

  Future<JsonObject> createRollout(BusRequest request) {
    Set<Long> chargerIds = new LinkedHashSet<>();
    for (Object id : request.array("chargerIds")) {
      if (!(id instanceof Number n) || n.longValue() < 1) {
        throw RequestRefused.invalid("chargerIds must be charger ids");
      }
      chargerIds.add(n.longValue());
    }
    if (chargerIds.isEmpty() || chargerIds.size() > MAX_TARGETS) {
      throw RequestRefused.invalid("chargerIds must hold 1.." + MAX_TARGETS + " chargers");
    }
    Tuple rollout = Tuple.of(request.optionalWholeNumber("firmwareFileId"), request.text("location"),
        request.instant("retrieveDate"), request.optionalInteger("retries"), request.optionalInteger("retryInterval"));
    Long[] ids = chargerIds.toArray(Long[]::new);
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT id FROM chargers WHERE id = ANY($1)")
        .execute(Tuple.of(ids))
        .compose(found -> {
          if (found.size() != ids.length) {
            Set<Long> missing = new LinkedHashSet<>(chargerIds);
            found.forEach(row -> missing.remove(row.getLong("id")));
            throw RequestRefused.notFound("chargers not found: " + missing);
          }
          Long fileId = (Long) rollout.getValue(0);
          return fileId == null ? Future.succeededFuture() : file(conn, fileId);
        })
        .compose(fileFound -> conn.preparedQuery("""
            INSERT INTO firmware_rollouts (firmware_file_id, location, retrieve_date, retries, retry_interval)
            VALUES ($1, $2, $3, $4, $5) RETURNING id
            """).execute(rollout))
        .compose(inserted -> {
          long rolloutId = inserted.iterator().next().getLong("id");
          List<Tuple> targets = new ArrayList<>();
          chargerIds.forEach(id -> targets.add(Tuple.of(rolloutId, id)));
          return conn.preparedQuery("INSERT INTO firmware_rollout_targets (rollout_id, charger_id) VALUES ($1, $2)")
              .executeBatch(targets).compose(v -> rollout(conn, rolloutId));
        }));
  }

  Future<JsonObject> answered(BusRequest request) {
    return pool.preparedQuery("UPDATE firmware_rollout_targets SET answer = $3 WHERE rollout_id = $1 AND charger_id = $2")
        .execute(Tuple.of(request.wholeNumber("rolloutId"), request.wholeNumber("chargerId"), request.text("answer")))
        .map(rows -> new JsonObject());
  }

  Future<JsonObject> rollout(BusRequest request) {
    return rollout(pool, request.wholeNumber("rolloutId")).compose(found -> pool.preparedQuery("""
            SELECT e.charger_id, c.charge_point_id, e.status, e.received_at
              FROM firmware_status_events e JOIN chargers c ON c.id = e.charger_id
             WHERE e.rollout_id = $1 ORDER BY e.id
            """).execute(Tuple.of(request.wholeNumber("rolloutId")))
        .map(rows -> found.put("history", RowJson.all(rows))));
  }

  Future<JsonObject> status(BusRequest request) {
    return StatusReport.record(pool, STATUS, request, "rollout_id", "rolloutId");
  }


  Future<JsonObject> history(BusRequest request) {
    Integer limit = request.optionalInteger("limit");
    if (limit != null && (limit < 1 || limit > 500)) {
      throw RequestRefused.invalid("limit must be 1..500");
    }
    return pool.preparedQuery("""
            SELECT status, received_at, rollout_id FROM firmware_status_events WHERE charger_id = $1
             ORDER BY id DESC LIMIT $2
            """).execute(Tuple.of(request.wholeNumber("chargerId"), limit == null ? 100 : limit))
        .map(rows -> new JsonObject().put("data", RowJson.all(rows)));
  }

  private static Future<JsonObject> rollout(SqlClient client, long rolloutId) {
    return client.preparedQuery("SELECT * FROM firmware_rollouts WHERE id = $1").execute(Tuple.of(rolloutId))
        .compose(rows -> {
          if (rows.size() == 0) {
            throw RequestRefused.notFound("rollout " + rolloutId + " not found");
          }
          JsonObject rollout = RowJson.of(rows.iterator().next());
          return client.preparedQuery(TARGETS).execute(Tuple.of(rolloutId))
              .map(targets -> new JsonObject().put("rollout", rollout).put("targets", RowJson.all(targets)));
        });
  }

  private static Future<JsonObject> file(SqlClient client, long id) {
    return client.preparedQuery("SELECT * FROM firmware_files WHERE id = $1").execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw RequestRefused.notFound("firmware file " + id + " not found");
      }
      return RowJson.of(rows.iterator().next());
    });
  }
}
