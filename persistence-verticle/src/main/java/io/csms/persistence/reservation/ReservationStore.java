package io.csms.persistence.reservation;

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
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reservations ({@link ProfileStoreAddresses} RESERVATION_*). A reservation ends exactly once: every
 * transition out of REQUESTED/ACTIVE is a conditional UPDATE, so the StartTransaction that uses it, the
 * expiry scan, a fault on its connector and an operator's cancel can race on any node and only one wins;
 * {@link ProfileStoreAddresses#RESERVATION_ENDED} is published for the winner after its commit.
 */
public final class ReservationStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ReservationStore.class);
  private static final long SCAN_PERIOD_MILLIS = 30_000;
  private static final int SCAN_BATCH = 500;
  private static final Set<String> CANCELLING_STATUSES = Set.of("Faulted", "Unavailable");

  private static final String SELECT = """
      SELECT r.id, r.charger_id, c.charge_point_id, r.connector_id, r.user_id, r.id_tag, r.expires_at, r.status,
             r.charger_answer, r.transaction_id, r.ended_at, r.end_reason, r.created_at
        FROM reservations r JOIN chargers c ON c.id = r.charger_id
      """;
  private static final String INSERT = """
      INSERT INTO reservations (charger_id, connector_id, user_id, id_tag, expires_at)
      VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (charger_id, connector_id) WHERE status IN ('REQUESTED', 'ACTIVE') DO NOTHING
      RETURNING id
      """;
  private static final String ANSWERED = """
      UPDATE reservations
         SET status = CASE WHEN $2 = 'Accepted' THEN 'ACTIVE' ELSE 'REJECTED' END, charger_answer = $2,
             ended_at = CASE WHEN $2 = 'Accepted' THEN NULL ELSE now() END, updated_at = now()
       WHERE id = $1 AND status = 'REQUESTED'
      """;
  // Every way out of an open reservation: $1 the new status, $2 when, $3 why.
  private static final String END = """
      UPDATE reservations r SET status = $1, ended_at = $2, end_reason = $3, updated_at = now()
        FROM chargers c
       WHERE c.id = r.charger_id AND r.status IN ('REQUESTED', 'ACTIVE') AND %s
      RETURNING r.id, c.charge_point_id, r.connector_id
      """;
  private static final String CANCEL_ONE = END.formatted("r.id = $4");
  private static final String CANCEL_ON_CONNECTOR = END.formatted(
      "c.charge_point_id = $4 AND (r.connector_id = $5 OR $5 = 0) AND r.created_at <= $2");
  private static final String EXPIRE = END.formatted("""
      r.id IN (SELECT id FROM reservations WHERE status IN ('REQUESTED', 'ACTIVE') AND expires_at <= $2
                ORDER BY expires_at LIMIT %d FOR UPDATE SKIP LOCKED)""".formatted(SCAN_BATCH));
  private static final String USE = """
      UPDATE reservations r SET status = 'USED', transaction_id = t.id, ended_at = $1,
             end_reason = 'StartTransaction', updated_at = now()
        FROM charging_transactions t, chargers c
       WHERE t.reservation_id = r.id AND t.charger_id = r.charger_id AND t.created_at >= r.created_at
         AND c.id = r.charger_id AND r.status IN ('REQUESTED', 'ACTIVE') AND %s
      RETURNING r.id, c.charge_point_id, r.connector_id
      """;
  private static final String USE_ONE = USE.formatted("t.id = $2");
  private static final String USE_ALL = USE.formatted("true");

  private final Vertx vertx;
  private final Pool pool;
  private long timerId = -1;
  private boolean scanning;

  public ReservationStore(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    timerId = vertx.setPeriodic(SCAN_PERIOD_MILLIS, id -> scanOnSchedule());
    return List.of(
        BusEndpoint.serve(vertx, ProfileStoreAddresses.RESERVATION_CREATE, LOG, this::create),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.RESERVATION_ANSWERED, LOG, this::answered),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.RESERVATION_CANCEL, LOG, this::cancel),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.RESERVATION_GET, LOG,
            r -> get(pool, r.wholeNumber("reservationId")).map(res -> new JsonObject().put("reservation", res))),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.RESERVATION_LIST, LOG, this::list),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.RESERVATION_SCAN, LOG,
            r -> scan(r.optionalInstant("now") == null ? OffsetDateTime.now(ZoneOffset.UTC) : r.instant("now"))),
        vertx.eventBus().<JsonObject>consumer(EventAddresses.TRANSACTION_STARTED, m -> onStarted(m.body())),
        vertx.eventBus().<JsonObject>consumer(EventAddresses.CONNECTOR_STATUS_CHANGED, m -> onStatus(m.body())));
  }

  Future<JsonObject> create(BusRequest request) {
    long chargerId = request.wholeNumber("chargerId");
    int connectorId = request.integer("connectorId", 0);
    long userId = request.wholeNumber("userId");
    OffsetDateTime expiresAt = request.instant("expiresAt");
    if (!expiresAt.isAfter(OffsetDateTime.now(ZoneOffset.UTC))) {
      throw RequestRefused.conflict("the expiry must be in the future");
    }
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT id FROM chargers WHERE id = $1")
        .execute(Tuple.of(chargerId))
        .compose(charger -> {
          if (charger.size() == 0) {
            throw RequestRefused.notFound("charger " + chargerId + " not found");
          }
          return conn.preparedQuery("SELECT rfid_id_tag, active, id_tag_expires_at FROM users WHERE id = $1")
              .execute(Tuple.of(userId));
        })
        .compose(users -> {
          if (users.size() == 0) {
            throw RequestRefused.notFound("user " + userId + " not found");
          }
          Row user = users.iterator().next();
          String idTag = user.getString("rfid_id_tag");
          OffsetDateTime tagExpiry = user.getOffsetDateTime("id_tag_expires_at");
          if (idTag == null) {
            throw RequestRefused.conflict("user " + userId + " has no RFID card to reserve with");
          }
          if (!user.getBoolean("active") || (tagExpiry != null && !tagExpiry.isAfter(expiresAt))) {
            throw RequestRefused.conflict("user " + userId + " is blocked or their card expires before the reservation");
          }
          return conn.preparedQuery(INSERT).execute(Tuple.of(chargerId, connectorId, userId, idTag, expiresAt));
        })
        .compose(inserted -> {
          if (inserted.size() == 0) {
            throw RequestRefused.conflict("connector " + connectorId + " of charger " + chargerId
                + " already has an open reservation");
          }
          return get(conn, inserted.iterator().next().getLong("id"));
        }))
        .map(reservation -> new JsonObject().put("reservation", reservation));
  }

  Future<JsonObject> answered(BusRequest request) {
    long id = request.wholeNumber("reservationId");
    String answer = request.text("answer");
    return pool.preparedQuery(ANSWERED).execute(Tuple.of(id, answer))
        .compose(updated -> get(pool, id))
        .map(reservation -> new JsonObject().put("reservation", reservation));
  }

  Future<JsonObject> cancel(BusRequest request) {
    long id = request.wholeNumber("reservationId");
    String reason = request.text("reason");
    return pool.preparedQuery(CANCEL_ONE)
        .execute(Tuple.of("CANCELLED", OffsetDateTime.now(ZoneOffset.UTC), reason, id))
        .compose(ended -> {
          announce(ended, "CANCELLED", reason);
          return get(pool, id).map(res -> new JsonObject().put("reservation", res).put("changed", ended.size() > 0));
        });
  }

  Future<JsonObject> list(BusRequest request) {
    Integer limit = request.optionalInteger("limit");
    if (limit != null && (limit < 1 || limit > 500)) {
      throw RequestRefused.invalid("limit must be 1..500");
    }
    String sql = SELECT + """
         WHERE ($1::bigint IS NULL OR r.charger_id = $1) AND ($2::bigint IS NULL OR r.user_id = $2)
           AND ($3::text IS NULL OR r.status = $3)
         ORDER BY r.id DESC LIMIT $4
        """;
    return pool.preparedQuery(sql).execute(Tuple.of(request.optionalWholeNumber("chargerId"),
            request.optionalWholeNumber("userId"), request.optionalText("status"), limit == null ? 100 : limit))
        .map(rows -> new JsonObject().put("data", RowJson.all(rows)));
  }

  /** One scan as of {@code now}: see {@link ProfileStoreAddresses#RESERVATION_SCAN}. */
  public Future<JsonObject> scan(OffsetDateTime now) {
    return pool.preparedQuery(USE_ALL).execute(Tuple.of(now)).compose(used -> {
      announce(used, "USED", "StartTransaction");
      return expireFrom(now, new JsonArray()).map(expired -> new JsonObject()
          .put("used", ids(used)).put("expired", expired));
    });
  }

  private Future<JsonArray> expireFrom(OffsetDateTime now, JsonArray all) {
    return pool.preparedQuery(EXPIRE).execute(Tuple.of("EXPIRED", now, "Expired")).compose(expired -> {
      announce(expired, "EXPIRED", "Expired");
      all.addAll(ids(expired));
      return expired.size() < SCAN_BATCH ? Future.succeededFuture(all) : expireFrom(now, all);
    });
  }

  private void onStarted(JsonObject started) {
    Object reservationId = started.getValue("reservationId");
    if (!(reservationId instanceof Number) || !(started.getValue("transactionId") instanceof Number)) {
      return;
    }
    pool.preparedQuery(USE_ONE).execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC), started.getLong("transactionId")))
        .onSuccess(used -> announce(used, "USED", "StartTransaction"))
        .onFailure(e -> LOG.warn("Reservation {} could not be marked used (the scan will): {}", reservationId,
            e.getMessage()));
  }

  private void onStatus(JsonObject change) {
    String status = change.getString("status");
    if (!CANCELLING_STATUSES.contains(status)) {
      return;
    }
    String reason = "Connector " + status;
    OffsetDateTime at;
    try {
      at = BusRequest.parseInstant("at", change.getString("at"));
    } catch (RequestRefused e) {
      return;
    }
    pool.preparedQuery(CANCEL_ON_CONNECTOR).execute(Tuple.of("CANCELLED", at, reason,
            change.getString("chargePointId"), change.getInteger("connectorId", -1)))
        .onSuccess(cancelled -> announce(cancelled, "CANCELLED", reason))
        .onFailure(e -> LOG.warn("Reservations on {} connector {} could not be cancelled: {}",
            change.getString("chargePointId"), change.getValue("connectorId"), e.getMessage()));
  }

  private void announce(RowSet<Row> ended, String status, String reason) {
    for (Row row : ended) {
      LOG.info("Reservation {} on {} connector {}: {} ({})", row.getInteger("id"), row.getString("charge_point_id"),
          row.getInteger("connector_id"), status, reason);
      vertx.eventBus().publish(ProfileStoreAddresses.RESERVATION_ENDED, new JsonObject()
          .put("reservationId", row.getInteger("id")).put("chargePointId", row.getString("charge_point_id"))
          .put("connectorId", row.getInteger("connector_id")).put("status", status).put("reason", reason));
    }
  }

  private static JsonArray ids(RowSet<Row> rows) {
    JsonArray ids = new JsonArray();
    rows.forEach(row -> ids.add(row.getInteger("id")));
    return ids;
  }

  private static Future<JsonObject> get(SqlClient client, long id) {
    return client.preparedQuery(SELECT + " WHERE r.id = $1").execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw RequestRefused.notFound("reservation " + id + " not found");
      }
      return RowJson.of(rows.iterator().next());
    });
  }

  private void scanOnSchedule() {
    if (scanning) {
      return;
    }
    scanning = true;
    scan(OffsetDateTime.now(ZoneOffset.UTC))
        .onFailure(e -> LOG.warn("Reservation scan failed: {}", e.getMessage()))
        .onComplete(done -> scanning = false);
  }

  @Override
  public Future<Void> stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    return Future.succeededFuture();
  }
}
