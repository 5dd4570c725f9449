package io.csms.persistence.audit;

import static io.csms.bus.PersistenceAddresses.AUDIT_APPEND;
import static io.csms.bus.PersistenceAddresses.AUDIT_APPEND_BATCH;
import static io.csms.bus.PersistenceAddresses.AUDIT_APPEND_EXCHANGES;
import static io.csms.persistence.PersistenceBus.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.csms.bus.BusFailure;
import io.csms.persistence.PersistenceBus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AuditLogTest {

  @Test
  void framesAreWrittenOnceABatchIsFull(Vertx vertx) {
    try (PersistenceBus bus = PersistenceBus.start(vertx, audit(600_000, 3))) {
      bus.request(AUDIT_APPEND, frame("CS-AUDIT", "IN", 2, "m-1", new JsonObject().put("a", 1)));
      bus.request(AUDIT_APPEND, frame("CS-AUDIT", "OUT", 3, "m-1", new JsonObject()));
      // Two frames wait for a third (the flush window is ten minutes here).
      assertEquals(0, bus.count("SELECT count(*) FROM ocpp_messages"));
      vertx.eventBus().send(AUDIT_APPEND, frame("CS-AUDIT", "IN", 4, "m-2", new JsonObject().put("code", "x")));
      eventually("the full batch is written", () -> bus.count("SELECT count(*) FROM ocpp_messages") == 3);

      Map<String, Object> call = bus.row("SELECT charge_point_id, direction, message_type, action, message_id, "
          + "payload::text AS payload, created_at = '2025-03-01T10:00:00Z' AS at FROM ocpp_messages "
          + "WHERE message_type = 2");
      assertEquals("CS-AUDIT", call.get("charge_point_id"));
      assertEquals("IN", call.get("direction"));
      assertEquals(2, ((Number) call.get("message_type")).intValue());
      assertEquals("Heartbeat", call.get("action"));
      assertEquals("m-1", call.get("message_id"));
      assertEquals(new JsonObject().put("a", 1), new JsonObject((String) call.get("payload")));
      assertEquals(true, call.get("at"));
    }
  }

  @Test
  void aBatchOfFramesIsWrittenInOrderAndItsMalformedFramesAreDroppedAlone(Vertx vertx) {
    try (PersistenceBus bus = PersistenceBus.start(vertx, audit(50, 500))) {
      JsonArray frames = new JsonArray()
          .add(frame("CS-BATCH", "IN", 2, "b-1", new JsonObject().put("n", 1)))
          .add(frame("CS-BATCH", "SIDEWAYS", 2, "b-2", new JsonObject()))
          .add("not a frame")
          .add(frame("CS-BATCH", "OUT", 3, "b-1", new JsonObject().put("n", 2)));
      vertx.eventBus().send(AUDIT_APPEND_BATCH, new JsonObject().put("frames", frames));
      vertx.eventBus().send(AUDIT_APPEND_BATCH, new JsonObject().put("nothing", true));
      eventually("the two good frames are written", () -> bus.count("SELECT count(*) FROM ocpp_messages") == 2);
      assertEquals("IN:1,OUT:2", bus.value("SELECT string_agg(direction || ':' || (payload->>'n'), ',' ORDER BY id) "
          + "FROM ocpp_messages WHERE charge_point_id = 'CS-BATCH'"));
    }
  }

  @Test
  void aQuietLogIsWrittenAfterTheFlushWindow(Vertx vertx) {
    try (PersistenceBus bus = PersistenceBus.start(vertx, audit(50, 500))) {
      vertx.eventBus().send(AUDIT_APPEND, frame("CS-QUIET", "OUT", 2, "m-9", new JsonArray().add("list payload")));
      eventually("the lone frame is written", () -> bus.count("SELECT count(*) FROM ocpp_messages") == 1);
      assertEquals(new JsonArray().add("list payload"),
          new JsonArray((String) bus.value("SELECT payload::text FROM ocpp_messages")));
    }
  }

  @Test
  void anUnreadableFrameIsKeptAsTextWithoutSpoilingItsBatch(Vertx vertx) {
    try (PersistenceBus bus = PersistenceBus.start(vertx, audit(600_000, 3))) {
      bus.request(AUDIT_APPEND, frame("CS-GARBLED", "IN", 2, "m-1", new JsonObject()));
      // What the OCPP layer sends for a frame it could not parse: the frame's text.
      bus.request(AUDIT_APPEND, frame("CS-GARBLED", "IN", 2, "-1", "[2, \"m-2\", \"Heart"));
      bus.request(AUDIT_APPEND, frame("CS-GARBLED", "IN", 2, "m-3", null));
      eventually("the batch is written", () -> bus.count("SELECT count(*) FROM ocpp_messages") == 3);
      assertEquals("[2, \"m-2\", \"Heart", bus.value("SELECT payload #>> '{}' FROM ocpp_messages WHERE message_id = '-1'"));
    }
  }

  @Test
  void aPayloadGivenAsTextIsStoredAsItIsAndOnlyAnInvalidOneIsDropped(Vertx vertx) {
    try (PersistenceBus bus = PersistenceBus.start(vertx, audit(600_000, 3))) {
      String asSent = "{ \"a\" : 1.50,\n  \"b\": [ ] }";
      vertx.eventBus().send(AUDIT_APPEND, frame("CS-TEXT", "IN", 2, "t-1", new JsonObject().put("a", 1.5))
          .put("payloadText", asSent));
      // Not JSON: the database refuses it, and the frames batched with it are still written.
      vertx.eventBus().send(AUDIT_APPEND, frame("CS-TEXT", "IN", 2, "t-2", new JsonObject())
          .put("payloadText", "{\"a\": "));
      vertx.eventBus().send(AUDIT_APPEND, frame("CS-TEXT", "OUT", 3, "t-1", new JsonObject().put("ok", true)));
      eventually("the two good frames are written", () -> bus.count("SELECT count(*) FROM ocpp_messages") == 2);
      assertEquals(asSent, bus.value("SELECT payload::text FROM ocpp_messages WHERE message_id = 't-1' "
          + "AND direction = 'IN'"));
      assertEquals(new JsonObject().put("ok", true), new JsonObject((String) bus.value(
          "SELECT payload::text FROM ocpp_messages WHERE message_id = 't-1' AND direction = 'OUT'")));
      assertEquals(0, bus.count("SELECT count(*) FROM ocpp_messages WHERE message_id = 't-2'"));
    }
  }

  @Test
  void aCallAndItsAnswerAreOneRowAndReadBackAsTwoFrames(Vertx vertx) {
    try (PersistenceBus bus = PersistenceBus.start(vertx, audit(50, 500))) {
      vertx.eventBus().send(AUDIT_APPEND_EXCHANGES, new JsonObject().put("frames", new JsonArray().add(
          frame("CS-EXCHANGE", "OUT", 2, "e-1", new JsonObject().put("q", 1))
              .put("answer", answer(4, new JsonObject().put("errorCode", "NotSupported"), "2025-03-01T10:00:02Z")))));
      eventually("the exchange is written", () -> bus.count("SELECT count(*) FROM ocpp_messages") == 1);
      assertEquals("OUT 2 {\"q\":1}|IN 4 {\"errorCode\":\"NotSupported\"}", bus.value("SELECT string_agg("
          + "direction || ' ' || message_type || ' ' || payload::text, '|' ORDER BY created_at) FROM ocpp_frames "
          + "WHERE message_id = 'e-1' AND action = 'Heartbeat'"));
      assertEquals(1, bus.count("SELECT count(*) FROM ocpp_frames WHERE message_type = 4 "
          + "AND created_at = '2025-03-01T10:00:02Z' AND exchange_at = '2025-03-01T10:00:00Z'"));
      assertEquals(2, bus.count("SELECT count(DISTINCT id) FROM ocpp_frames WHERE message_id = 'e-1'"));
    }
  }

  @Test
  void anAnswerThatCannotShareItsCallsRowIsAFrameOfItsOwn(Vertx vertx) {
    try (PersistenceBus bus = PersistenceBus.start(vertx, audit(600_000, 3))) {
      // Stamped an hour after the CALL: beyond the minute a row's frames may span.
      vertx.eventBus().send(AUDIT_APPEND, frame("CS-APART", "IN", 2, "late", new JsonObject())
          .put("answer", answer(3, new JsonObject().put("ok", 1), "2025-03-01T11:00:00Z")));
      // Its answer's text is not JSON: the database refuses the row, and the CALL is written without it.
      vertx.eventBus().send(AUDIT_APPEND, frame("CS-APART", "IN", 2, "garbled", new JsonObject().put("n", 2))
          .put("answer", answer(3, new JsonObject(), "2025-03-01T10:00:01Z").put("payloadText", "{\"ok\": ")));
      eventually("three frames are written", () -> bus.count("SELECT count(*) FROM ocpp_messages") == 3);
      assertEquals("late:IN:2,late:OUT:3,garbled:IN:2", bus.value("SELECT string_agg(message_id || ':' || direction "
          + "|| ':' || message_type, ',' ORDER BY id) FROM ocpp_frames"));
      assertEquals(0, bus.count("SELECT count(*) FROM ocpp_messages WHERE answer_type IS NOT NULL"));
      // Only a CALL has an answer, and an answer is a CALLRESULT or a CALLERROR.
      assertEquals(BusFailure.INVALID, bus.failureCode(AUDIT_APPEND, frame("CS-APART", "OUT", 3, "r", null)
          .put("answer", answer(3, null, "2025-03-01T10:00:01Z"))));
      assertEquals(BusFailure.INVALID, bus.failureCode(AUDIT_APPEND, frame("CS-APART", "OUT", 2, "r", null)
          .put("answer", answer(2, null, "2025-03-01T10:00:01Z"))));
    }
  }

  @Test
  void stoppingWritesWhatIsBufferedAndMalformedFramesAreDropped(Vertx vertx) {
    try (PersistenceBus bus = PersistenceBus.start(vertx, audit(600_000, 500))) {
      bus.request(AUDIT_APPEND, frame("CS-STOPPING", "IN", 2, "m-1", new JsonObject()));
      assertEquals(BusFailure.INVALID, bus.failureCode(AUDIT_APPEND,
          frame("CS-STOPPING", "SIDEWAYS", 2, "m-2", new JsonObject())));
      assertEquals(BusFailure.INVALID, bus.failureCode(AUDIT_APPEND,
          frame("CS-STOPPING", "IN", 7, "m-3", new JsonObject())));
      assertEquals(BusFailure.INVALID, bus.failureCode(AUDIT_APPEND,
          frame("CS-STOPPING", "IN", 2, "m-4", new JsonObject()).put("at", "10:00")));
      assertEquals(0, bus.count("SELECT count(*) FROM ocpp_messages"));
      bus.undeploy();
      assertEquals("m-1", bus.value("SELECT string_agg(message_id, ',') FROM ocpp_messages"));
    }
  }

  private static JsonObject audit(int flushMillis, int batchSize) {
    return new JsonObject().put("persistence", new JsonObject().put("auditFlushMillis", flushMillis)
        .put("auditBatchSize", batchSize));
  }

  private static JsonObject answer(int type, Object payload, String at) {
    return new JsonObject().put("messageType", type).put("payload", payload).put("at", at);
  }

  private static JsonObject frame(String chargePointId, String direction, int type, String messageId, Object payload) {
    return new JsonObject().put("chargePointId", chargePointId).put("direction", direction).put("messageType", type)
        .put("action", type == 2 ? "Heartbeat" : null).put("messageId", messageId).put("payload", payload)
        .put("at", "2025-03-01T10:00:00Z");
  }
}
