package io.csms.persistence.audit;

import io.csms.bus.PersistenceAddresses;
import io.csms.persistence.BusEndpoint;
import io.csms.persistence.BusRequest;
import io.csms.persistence.RequestRefused;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PersistenceAddresses#AUDIT_APPEND}, {@link PersistenceAddresses#AUDIT_APPEND_BATCH} and
 * {@link PersistenceAddresses#AUDIT_APPEND_EXCHANGES}: every OCPP frame, in and out, into {@code ocpp_messages}:
 * a CALL sent with its {@code answer} is one row (an exchange), any other frame a row of its own; the view
 * {@code ocpp_frames} gives them back frame by frame (V38). An answer stamped before its CALL or more than
 * {@value #MAX_ANSWER_DELAY_SECONDS} s after it is stored as a row of its own, so that a frame's time always lies
 * within that many seconds after its row's (the log's searches by time rely on it).
 * Frames are buffered and written with one multi-row insert when {@code persistence.auditBatchSize}
 * frames are waiting or {@code persistence.auditFlushMillis} after the first one arrived, whichever comes
 * first; {@link #stop()} writes what is left. A frame may carry its payload already written as JSON
 * ({@code payloadText}), which is stored as it is. The audit log is best effort: a batch the database refuses is
 * logged and dropped (written again frame by frame when it was one value the database refused, so only that
 * frame is lost), and never disturbs the charging path. When the database falls so far behind that
 * {@value #BACKLOG_BATCHES} batches are waiting, new frames are dropped (and counted in the log) rather than
 * held in memory without bound. A malformed frame is dropped (and refused with
 * INVALID if the sender asked for a reply); a sender that asks for a reply gets {@code {}} once the frame is
 * buffered, not once it is written.
 */
public final class AuditLog implements BusEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  // One statement per batch (columns as arrays): a row per execution cost the database more than the rows.
  // The answer's frame takes its id from the same sequence as the rows, so frame ids stay unique.
  private static final String INSERT = """
      INSERT INTO ocpp_messages (charge_point_id, direction, message_type, action, message_id, payload, created_at,
                                 answer_id, answer_type, answer_payload, answered_at)
      SELECT f.charge_point_id, f.direction, f.message_type, f.action, f.message_id, f.payload, f.created_at,
             CASE WHEN f.answer_type IS NOT NULL THEN nextval('ocpp_messages_id_seq') END,
             f.answer_type, f.answer_payload, f.answered_at
        FROM unnest($1::text[], $2::text[], $3::smallint[], $4::text[], $5::text[], $6::text[]::json[],
                    $7::timestamptz[], $8::smallint[], $9::text[]::json[], $10::timestamptz[])
             AS f(charge_point_id, direction, message_type, action, message_id, payload, created_at, answer_type,
                  answer_payload, answered_at)
      """;

  /**
   * One row as it will be written: a frame, with its answer when it is a CALL that came with one (else the
   * answer's fields are null); payloads as JSON text (null for none).
   */
  private record Frame(String chargePointId, String direction, short messageType, String action, String messageId,
                       String payloadJson, OffsetDateTime at, Short answerType, String answerPayloadJson,
                       OffsetDateTime answeredAt) {
    Frame withoutAnswer() {
      return new Frame(chargePointId, direction, messageType, action, messageId, payloadJson, at, null, null, null);
    }

    Frame answerAlone() {
      return new Frame(chargePointId, "IN".equals(direction) ? "OUT" : "IN", answerType, action, messageId,
          answerPayloadJson, answeredAt, null, null, null);
    }
  }

  /** Documented in the contract (AUDIT_APPEND_EXCHANGES) and V38; the log's searches by time rely on it. */
  public static final int MAX_ANSWER_DELAY_SECONDS = 60;

  static final int BACKLOG_BATCHES = 100;
  // SQLSTATE class 22: a value the database cannot take (e.g. invalid JSON text).
  private static final String DATA_EXCEPTION = "22";

  private final Pool pool;
  private final long flushMillis;
  private final int batchSize;
  private List<Frame> buffer = new ArrayList<>();
  private Future<Void> writing = Future.succeededFuture();
  // Frames buffered or in batches not yet written, and frames dropped since the last warning.
  private int backlog;
  private long dropped;
  private Vertx vertx;
  private long timerId = -1;

  public AuditLog(Pool pool, long flushMillis, int batchSize) {
    this.pool = pool;
    this.flushMillis = Math.max(1, flushMillis);
    this.batchSize = Math.max(1, batchSize);
  }

  @Override
  public List<MessageConsumer<?>> register(Vertx vertx) {
    this.vertx = vertx;
    return List.of(vertx.eventBus().consumer(PersistenceAddresses.AUDIT_APPEND, this::append),
        vertx.eventBus().consumer(PersistenceAddresses.AUDIT_APPEND_BATCH, this::appendBatch),
        vertx.eventBus().consumer(PersistenceAddresses.AUDIT_APPEND_EXCHANGES, this::appendBatch));
  }

  /** AUDIT_APPEND_BATCH and AUDIT_APPEND_EXCHANGES: each frame as if it came alone; never replied to. */
  private void appendBatch(Message<Object> message) {
    if (!(message.body() instanceof JsonObject body) || !(body.getValue("frames") instanceof JsonArray frames)) {
      LOG.debug("Audit batch dropped: the body must be {frames: [...]}");
      return;
    }
    for (int i = 0; i < frames.size(); i++) {
      try {
        if (!(frames.getValue(i) instanceof JsonObject frame)) {
          throw RequestRefused.invalid("a frame must be a JSON object");
        }
        rows(new BusRequest(frame)).forEach(this::buffer);
      } catch (RequestRefused e) {
        LOG.debug("Audit frame dropped: {}", e.getMessage());
      }
    }
  }

  private void append(Message<Object> message) {
    List<Frame> rows;
    try {
      if (!(message.body() instanceof JsonObject body)) {
        throw RequestRefused.invalid("the body must be a JSON object");
      }
      rows = rows(new BusRequest(body));
    } catch (RequestRefused e) {
      LOG.debug("Audit frame dropped: {}", e.getMessage());
      message.fail(e.code(), e.getMessage());
      return;
    }
    message.reply(new JsonObject());
    rows.forEach(this::buffer);
  }

  private void buffer(Frame frame) {
    if (backlog >= BACKLOG_BATCHES * batchSize) {
      dropped++;
      return;
    }
    backlog++;
    buffer.add(frame);
    if (buffer.size() >= batchSize) {
      flush();
    } else if (timerId < 0) {
      timerId = vertx.setTimer(flushMillis, id -> {
        timerId = -1;
        flush();
      });
    }
  }

  /** The row of a frame (a CALL with its answer is one), or two when its answer cannot share the CALL's row. */
  private static List<Frame> rows(BusRequest request) {
    String chargePointId = request.text("chargePointId");
    String direction = request.text("direction");
    if (!direction.equals("IN") && !direction.equals("OUT")) {
      throw RequestRefused.invalid("direction must be IN or OUT");
    }
    int messageType = request.integer("messageType");
    if (messageType < 2 || messageType > 4) {
      throw RequestRefused.invalid("messageType must be 2, 3 or 4");
    }
    String action = request.optionalText("action");
    String messageId = request.text("messageId");
    OffsetDateTime at = request.instant("at");
    BusRequest answer = request.optionalObject("answer");
    if (answer == null) {
      return List.of(new Frame(chargePointId, direction, (short) messageType, action, messageId, payloadJson(request),
          at, null, null, null));
    }
    if (messageType != 2) {
      throw RequestRefused.invalid("only a CALL has an answer");
    }
    int answerType = answer.integer("messageType");
    if (answerType != 3 && answerType != 4) {
      throw RequestRefused.invalid("answer.messageType must be 3 or 4");
    }
    OffsetDateTime answeredAt = answer.instant("at");
    Frame exchange = new Frame(chargePointId, direction, (short) messageType, action, messageId,
        payloadJson(request), at, (short) answerType, payloadJson(answer), answeredAt);
    boolean withinExchange = !answeredAt.isBefore(at)
        && !answeredAt.isAfter(at.plusSeconds(MAX_ANSWER_DELAY_SECONDS));
    return withinExchange ? List.of(exchange) : List.of(exchange.withoutAnswer(), exchange.answerAlone());
  }

  /** The payload's JSON text: as sent ({@code payloadText}) when given, else {@code payload} encoded. */
  private static String payloadJson(BusRequest request) {
    String payloadText = request.optionalText("payloadText");
    if (payloadText != null) {
      return payloadText;
    }
    Object payload = request.body().getValue("payload");
    return payload == null ? null : Json.encode(payload);
  }

  /** Writes what is buffered now; completes when that batch (and any before it) is written or dropped. */
  public Future<Void> flush() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    if (buffer.isEmpty()) {
      return writing;
    }
    List<Frame> batch = buffer;
    buffer = new ArrayList<>();
    if (dropped > 0) {
      LOG.warn("Audit log behind the database: {} frame(s) dropped", dropped);
      dropped = 0;
    }
    // Batches are written one after another so that a slow database sees one audit insert at a time.
    writing = writing.compose(v -> write(batch).onComplete(done -> backlog -= batch.size()));
    return writing;
  }

  /**
   * Writes a batch; when the database refuses a value in it (a payloadText that is not JSON), writes its rows
   * one by one, and an exchange's two frames apart, so that only the frame at fault is dropped. Completes once all
   * is written or dropped.
   */
  private Future<Void> write(List<Frame> batch) {
    return pool.preparedQuery(INSERT).execute(columns(batch)).<Void>mapEmpty().recover(e -> {
      boolean divisible = batch.size() > 1 || batch.get(0).answerType() != null;
      if (divisible && e instanceof PgException pg && pg.getSqlState() != null
          && pg.getSqlState().startsWith(DATA_EXCEPTION)) {
        List<Frame> apart = batch.size() > 1 ? batch
            : List.of(batch.get(0).withoutAnswer(), batch.get(0).answerAlone());
        Future<Void> alone = Future.succeededFuture();
        for (Frame frame : apart) {
          alone = alone.compose(v -> write(List.of(frame)));
        }
        return alone;
      }
      LOG.error("Audit batch of {} frame(s) dropped: {}", batch.size(), e.getMessage());
      return Future.succeededFuture();
    });
  }

  private static Tuple columns(List<Frame> batch) {
    int n = batch.size();
    String[] chargePointIds = new String[n];
    String[] directions = new String[n];
    Short[] messageTypes = new Short[n];
    String[] actions = new String[n];
    String[] messageIds = new String[n];
    String[] payloads = new String[n];
    OffsetDateTime[] ats = new OffsetDateTime[n];
    Short[] answerTypes = new Short[n];
    String[] answerPayloads = new String[n];
    OffsetDateTime[] answeredAts = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Frame f = batch.get(i);
      chargePointIds[i] = f.chargePointId();
      directions[i] = f.direction();
      messageTypes[i] = f.messageType();
      actions[i] = f.action();
      messageIds[i] = f.messageId();
      payloads[i] = f.payloadJson();
      ats[i] = f.at();
      answerTypes[i] = f.answerType();
      answerPayloads[i] = f.answerPayloadJson();
      answeredAts[i] = f.answeredAt();
    }
    return Tuple.of(chargePointIds, directions, messageTypes, actions, messageIds, payloads, ats, answerTypes,
        answerPayloads, answeredAts);
  }

  @Override
  public Future<Void> stop() {
    return vertx == null ? Future.succeededFuture() : flush();
  }
}
