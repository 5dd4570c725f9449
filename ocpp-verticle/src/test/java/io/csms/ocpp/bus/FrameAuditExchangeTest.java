package io.csms.ocpp.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.csms.bus.HandedOverJson;
import io.csms.bus.PersistenceAddresses;
import io.csms.ocpp.framing.EncodedPayload;
import io.csms.ocpp.metrics.OcppMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the OCPP verticle hands the audit log: a CALL and its answer as one entry, and a frame without its partner
 * alone. The entries are read off the event bus as the persistence verticle receives them.
 */
class FrameAuditExchangeTest {
  private static final long HOLD_MILLIS = 200;
  private Vertx vertx;
  private Context context;
  private final BlockingQueue<JsonObject> entries = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    HandedOverJson.register(vertx);
    vertx.eventBus().<JsonObject>consumer(PersistenceAddresses.AUDIT_APPEND_EXCHANGES,
        message -> message.body().getJsonArray("frames").forEach(frame -> entries.add((JsonObject) frame)));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aCallAndItsAnswerTravelAsOneEntry() throws Exception {
    FrameAudit audit = audit(Set.of());
    JsonObject boot = new JsonObject().put("chargePointVendor", "Acme");
    run(() -> {
      audit.in("CP-1", 2, "BootNotification", "m-1", new EncodedPayload(boot, boot.encode()));
      audit.out("CP-1", 3, "BootNotification", "m-1", new JsonObject().put("status", "Accepted"));
    });
    JsonObject entry = next();
    assertEquals("IN", entry.getString("direction"));
    assertEquals(2, entry.getInteger("messageType"));
    assertEquals(boot.encode(), entry.getString("payloadText"));
    JsonObject answer = entry.getJsonObject("answer");
    assertEquals(3, answer.getInteger("messageType"));
    assertEquals(new JsonObject().put("status", "Accepted"), answer.getJsonObject("payload"));
    assertEquals(List.of("at", "messageType", "payload"), answer.fieldNames().stream().sorted().toList());
  }

  @Test
  void aCallLeftUnansweredGoesAloneAndSoDoesItsLateAnswer() throws Exception {
    FrameAudit audit = audit(Set.of());
    run(() -> audit.out("CP-2", 2, "Reset", "r-1", new JsonObject().put("type", "Soft")));
    JsonObject call = next();
    assertEquals("OUT", call.getString("direction"));
    assertNull(call.getValue("answer"));
    run(() -> audit.in("CP-2", 3, "Reset", "r-1", new JsonObject().put("status", "Accepted")));
    JsonObject answer = next();
    assertEquals(List.of("IN", 3, "r-1", "Reset"), List.of(answer.getString("direction"),
        answer.getInteger("messageType"), answer.getString("messageId"), answer.getString("action")));
  }

  @Test
  void theSameMessageIdAgainSendsTheFirstCallAlone() throws Exception {
    FrameAudit audit = audit(Set.of());
    run(() -> {
      audit.in("CP-3", 2, "Heartbeat", "dup", new JsonObject().put("n", 1));
      audit.in("CP-3", 2, "Heartbeat", "dup", new JsonObject().put("n", 2));
      audit.out("CP-3", 3, "Heartbeat", "dup", new JsonObject());
    });
    JsonObject first = next();
    assertEquals(1, first.getJsonObject("payload").getInteger("n"));
    assertNull(first.getValue("answer"));
    JsonObject second = next();
    assertEquals(2, second.getJsonObject("payload").getInteger("n"));
    assertEquals(3, second.getJsonObject("answer").getInteger("messageType"));
  }

  @Test
  void aSkippedActionIsLoggedOnlyWhenRefusedAndFlushSendsWhatIsHeld() throws Exception {
    FrameAudit audit = audit(Set.of("MeterValues"));
    run(() -> {
      audit.in("CP-4", 2, "MeterValues", "ok", new JsonObject());
      audit.out("CP-4", 3, "MeterValues", "ok", new JsonObject());
      audit.in("CP-4", 2, "MeterValues", "bad", new JsonObject());
      audit.out("CP-4", 4, "MeterValues", "bad", new JsonObject().put("errorCode", "FormationViolation"));
      audit.in("CP-4", 2, "StatusNotification", "held", new JsonObject());
      audit.flush();
    });
    JsonObject refused = next();
    assertEquals("bad", refused.getString("messageId"));
    assertEquals(4, refused.getJsonObject("answer").getInteger("messageType"));
    JsonObject held = next();
    assertEquals("held", held.getString("messageId"));
    assertNull(held.getValue("answer"));
    assertNull(entries.poll(HOLD_MILLIS * 3, TimeUnit.MILLISECONDS), "the successful MeterValues is not logged");
  }

  private FrameAudit audit(Set<String> skipActions) throws Exception {
    BlockingQueue<FrameAudit> created = new LinkedBlockingQueue<>();
    context.runOnContext(v -> created.add(new FrameAudit(vertx, OcppMetrics.create("test", () -> 0), skipActions,
        HOLD_MILLIS)));
    return created.poll(10, TimeUnit.SECONDS);
  }

  /** FrameAudit is used on one event loop: so it is here. */
  private void run(Runnable action) {
    context.runOnContext(v -> action.run());
  }

  private JsonObject next() throws Exception {
    JsonObject entry = entries.poll(10, TimeUnit.SECONDS);
    if (entry == null) {
      throw new AssertionError("no audit entry within 10 s");
    }
    return entry;
  }
}
