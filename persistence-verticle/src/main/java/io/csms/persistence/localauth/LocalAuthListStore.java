package io.csms.persistence.localauth;

import io.csms.bus.ProfileStoreAddresses;
import io.csms.persistence.BusEndpoint;
import io.csms.persistence.BusRequest;
import io.csms.persistence.RequestRefused;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local authorisation lists ({@link ProfileStoreAddresses} LOCAL_LIST_*): the list each charger holds (as
 * last accepted) against the list wanted from the users' cards, so that a Differential SendLocalList carries
 * only what changed. The stored list changes only when the charger has accepted an update.
 */
public final class LocalAuthListStore implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(LocalAuthListStore.class);

  private static final String WANTED = """
      SELECT rfid_id_tag AS id_tag,
             CASE WHEN NOT active THEN 'Blocked'
                  WHEN id_tag_expires_at IS NOT NULL AND id_tag_expires_at <= now() THEN 'Expired'
                  ELSE 'Accepted' END AS status,
             id_tag_expires_at AS expiry_date, parent_id_tag
        FROM users WHERE rfid_id_tag IS NOT NULL ORDER BY rfid_id_tag
      """;
  private static final String HELD = """
      SELECT id_tag, status, expiry_date, parent_id_tag FROM local_auth_list_entries WHERE charger_id = $1
      """;
  private static final String STATE = """
      SELECT c.id, c.charge_point_id, l.list_version, l.reported_version, l.reported_at, l.last_update_type,
             l.last_answer, l.last_sent_at
        FROM chargers c LEFT JOIN local_auth_lists l ON l.charger_id = c.id
       WHERE c.id = $1
      """;
  private static final String LOCK = """
      INSERT INTO local_auth_lists (charger_id) VALUES ($1) ON CONFLICT (charger_id) DO NOTHING
      """;
  private static final String UPSERT_ENTRY = """
      INSERT INTO local_auth_list_entries (charger_id, id_tag, status, expiry_date, parent_id_tag)
      VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (charger_id, id_tag) DO UPDATE
         SET status = EXCLUDED.status, expiry_date = EXCLUDED.expiry_date, parent_id_tag = EXCLUDED.parent_id_tag
      """;

  /** One entry of a list: what the charger is told about one idTag. */
  record Entry(String idTag, String status, Instant expiry, String parentIdTag) {
    static Entry of(Row row) {
      OffsetDateTime expiry = row.getOffsetDateTime("expiry_date");
      return new Entry(row.getString("id_tag"), row.getString("status"), expiry == null ? null : expiry.toInstant(),
          row.getString("parent_id_tag"));
    }

    JsonObject toOcpp() {
      JsonObject info = new JsonObject().put("status", status);
      if (expiry != null) {
        info.put("expiryDate", expiry.toString());
      }
      if (parentIdTag != null) {
        info.put("parentIdTag", parentIdTag);
      }
      return new JsonObject().put("idTag", idTag).put("idTagInfo", info);
    }
  }

  private final Pool pool;

  public LocalAuthListStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    return List.of(
        BusEndpoint.serve(vertx, ProfileStoreAddresses.LOCAL_LIST_STATE, LOG, r -> state(pool, r.wholeNumber("chargerId"))),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.LOCAL_LIST_PLAN, LOG, this::plan),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.LOCAL_LIST_ANSWERED, LOG, this::answered),
        BusEndpoint.serve(vertx, ProfileStoreAddresses.LOCAL_LIST_REPORTED, LOG, this::reported));
  }

  Future<JsonObject> plan(BusRequest request) {
    long chargerId = request.wholeNumber("chargerId");
    String updateType = updateType(request);
    return pool.withConnection(conn -> state(conn, chargerId).compose(state -> lists(conn, chargerId).map(lists -> {
      List<JsonObject> entries = new ArrayList<>();
      if (updateType.equals("Full")) {
        lists.wanted().values().forEach(e -> entries.add(e.toOcpp()));
      } else {
        lists.changed().forEach(e -> entries.add(e.toOcpp()));
        lists.removed().forEach(tag -> entries.add(new JsonObject().put("idTag", tag)));
      }
      JsonObject payload = new JsonObject().put("listVersion", state.getInteger("listVersion") + 1)
          .put("updateType", updateType).put("localAuthorizationList", new JsonArray(entries));
      return new JsonObject().put("chargePointId", state.getString("chargePointId")).put("payload", payload)
          .put("changes", lists.changed().size() + lists.removed().size());
    })));
  }

  Future<JsonObject> answered(BusRequest request) {
    long chargerId = request.wholeNumber("chargerId");
    String answer = request.text("answer");
    JsonObject payload = request.body().getJsonObject("payload");
    if (payload == null) {
      throw RequestRefused.invalid("payload is required");
    }
    BusRequest sent = new BusRequest(payload);
    int version = sent.integer("listVersion", 1);
    String updateType = updateType(sent);
    JsonArray entries = sent.optionalArray("localAuthorizationList");
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(chargerId))
        .recover(e -> Future.failedFuture(RequestRefused.notFound("charger " + chargerId + " not found")))
        .compose(locked -> conn.preparedQuery(
            "SELECT list_version FROM local_auth_lists WHERE charger_id = $1 FOR UPDATE").execute(Tuple.of(chargerId)))
        .compose(rows -> {
          int stored = rows.iterator().next().getInteger("list_version");
          boolean apply = "Accepted".equals(answer) && version > stored;
          Future<Void> applied = apply ? apply(conn, chargerId, updateType, entries) : Future.succeededFuture();
          return applied.compose(v -> conn.preparedQuery("""
                  UPDATE local_auth_lists SET list_version = CASE WHEN $2 THEN $3 ELSE list_version END,
                         last_update_type = $4, last_answer = $5, last_sent_at = now(), updated_at = now()
                   WHERE charger_id = $1
                  """).execute(Tuple.of(chargerId, apply, version, updateType, answer)));
        })
        .compose(updated -> state(conn, chargerId)));
  }

  Future<JsonObject> reported(BusRequest request) {
    long chargerId = request.wholeNumber("chargerId");
    int version = request.integer("listVersion");
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(chargerId))
        .recover(e -> Future.failedFuture(RequestRefused.notFound("charger " + chargerId + " not found")))
        .compose(locked -> conn.preparedQuery("""
            UPDATE local_auth_lists SET reported_version = $2, reported_at = now(), updated_at = now()
             WHERE charger_id = $1
            """).execute(Tuple.of(chargerId, version)))
        .compose(updated -> state(conn, chargerId)));
  }

  private static Future<Void> apply(SqlConnection conn, long chargerId, String updateType, JsonArray entries) {
    List<Tuple> upserts = new ArrayList<>();
    List<Tuple> removals = new ArrayList<>();
    for (Object item : entries == null ? new JsonArray() : entries) {
      if (!(item instanceof JsonObject entry) || !(entry.getValue("idTag") instanceof String idTag)) {
        throw RequestRefused.invalid("localAuthorizationList entries need an idTag");
      }
      JsonObject info = entry.getJsonObject("idTagInfo");
      if (info == null) {
        removals.add(Tuple.of(chargerId, idTag));
      } else {
        BusRequest fields = new BusRequest(info);
        upserts.add(Tuple.of(chargerId, idTag, fields.text("status"), fields.optionalInstant("expiryDate"),
            fields.optionalText("parentIdTag")));
      }
    }
    Future<?> cleared = updateType.equals("Full")
        ? conn.preparedQuery("DELETE FROM local_auth_list_entries WHERE charger_id = $1").execute(Tuple.of(chargerId))
        : removals.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery("DELETE FROM local_auth_list_entries WHERE charger_id = $1 AND id_tag = $2")
            .executeBatch(removals);
    return cleared.compose(v -> upserts.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(UPSERT_ENTRY).executeBatch(upserts)).mapEmpty();
  }

  private record Lists(Map<String, Entry> wanted, Map<String, Entry> held) {
    List<Entry> changed() {
      return wanted.values().stream().filter(e -> !Objects.equals(held.get(e.idTag()), e)).toList();
    }

    List<String> removed() {
      return held.keySet().stream().filter(tag -> !wanted.containsKey(tag)).toList();
    }
  }

  private static Future<Lists> lists(SqlClient client, long chargerId) {
    return client.query(WANTED).execute().compose(wanted -> client.preparedQuery(HELD).execute(Tuple.of(chargerId))
        .map(held -> {
          Map<String, Entry> wantedByTag = new LinkedHashMap<>();
          wanted.forEach(row -> wantedByTag.put(row.getString("id_tag"), Entry.of(row)));
          Map<String, Entry> heldByTag = new LinkedHashMap<>();
          held.forEach(row -> heldByTag.put(row.getString("id_tag"), Entry.of(row)));
          return new Lists(wantedByTag, heldByTag);
        }));
  }

  private static Future<JsonObject> state(SqlClient client, long chargerId) {
    return client.preparedQuery(STATE).execute(Tuple.of(chargerId)).compose(rows -> {
      if (rows.size() == 0) {
        throw RequestRefused.notFound("charger " + chargerId + " not found");
      }
      Row row = rows.iterator().next();
      int version = row.getInteger("list_version") == null ? 0 : row.getInteger("list_version");
      Integer reported = row.getInteger("reported_version");
      return lists(client, chargerId).map(lists -> {
        int pending = lists.changed().size() + lists.removed().size();
        return new JsonObject().put("chargerId", chargerId).put("chargePointId", row.getString("charge_point_id"))
            .put("listVersion", version).put("reportedVersion", reported)
            .put("reportedAt", instant(row.getOffsetDateTime("reported_at")))
            .put("lastUpdateType", row.getString("last_update_type")).put("lastAnswer", row.getString("last_answer"))
            .put("lastSentAt", instant(row.getOffsetDateTime("last_sent_at")))
            .put("entries", lists.held().size()).put("pendingChanges", pending)
            .put("behind", pending > 0 || (reported != null && reported != version));
      });
    });
  }

  private static String instant(OffsetDateTime at) {
    return at == null ? null : at.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString();
  }

  private static String updateType(BusRequest request) {
    String type = request.text("updateType");
    if (!type.equals("Full") && !type.equals("Differential")) {
      throw RequestRefused.invalid("updateType must be Full or Differential");
    }
    return type;
  }
}
