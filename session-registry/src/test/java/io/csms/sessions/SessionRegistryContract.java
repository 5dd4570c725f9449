package io.csms.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link SessionRegistry} must have; one subclass per implementation. */
abstract class SessionRegistryContract {

  /** The registry as node A sees it. */
  abstract SessionRegistry registry();

  /** The same registry as another node sees it (the same instance where there is only one node). */
  abstract SessionRegistry otherNode();

  /** A charge point id no other test uses. */
  static String cp() {
    return "CP-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static SessionRecord record(String cp, String node) {
    Instant now = Instant.now();
    return new SessionRecord(cp, node, UUID.randomUUID().toString(), now, now);
  }

  @Test
  void aReconnectTakesOverAndTheOldSocketsLateCloseChangesNothing(VertxTestContext ctx) {
    String cp = cp();
    SessionRecord first = record(cp, "node-a");
    SessionRecord second = record(cp, "node-b");
    registry().register(first)
        .compose(previous -> {
          ctx.verify(() -> assertTrue(previous.isEmpty()));
          return otherNode().register(second);
        })
        .compose(previous -> {
          ctx.verify(() -> assertEquals(first.connectionId(), previous.orElseThrow().connectionId(),
              "the caller learns which socket to close"));
          return registry().unregister(cp, first.connectionId());
        })
        .compose(removed -> {
          ctx.verify(() -> assertFalse(removed, "the late close of the old socket removes nothing"));
          return registry().lookup(List.of(cp));
        })
        .compose(found -> {
          ctx.verify(() -> assertEquals("node-b", found.get(cp).nodeId()));
          return otherNode().unregister(cp, second.connectionId());
        })
        .compose(removed -> {
          ctx.verify(() -> assertTrue(removed));
          return registry().lookup(List.of(cp));
        })
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertTrue(found.isEmpty());
          ctx.completeNow();
        })));
  }

  @Test
  void refreshReportsTheSessionsThatMovedAndKeepsTheRest(VertxTestContext ctx) {
    SessionRecord kept = record(cp(), "node-a");
    String movedCp = cp();
    SessionRecord moved = record(movedCp, "node-a");
    Instant later = Instant.now().plusSeconds(5);
    Future.all(registry().register(kept), registry().register(moved))
        .compose(v -> otherNode().register(record(movedCp, "node-b")))
        .compose(v -> registry().refresh(List.of(kept.seenAt(later), moved.seenAt(later))))
        .compose(lost -> {
          ctx.verify(() -> assertEquals(Set.of(movedCp), lost));
          return otherNode().lookup(List.of(kept.chargePointId(), movedCp));
        })
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertEquals(later, found.get(kept.chargePointId()).lastSeenAt(), "last seen recorded");
          assertEquals("node-b", found.get(movedCp).nodeId(), "refresh never steals a session back");
          ctx.completeNow();
        })));
  }

  @Test
  void aReconnectStormLeavesExactlyOneSessionPerChargePoint(VertxTestContext ctx) {
    List<String> cps = IntStream.range(0, 200).mapToObj(i -> cp()).toList();
    // Every charge point reconnects on both nodes at once, three times over.
    List<Future<?>> all = new java.util.ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (String cp : cps) {
        all.add(registry().register(record(cp, "node-a")));
        all.add(otherNode().register(record(cp, "node-b")));
      }
    }
    Future.all(all)
        .compose(v -> registry().lookup(cps))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertEquals(cps.size(), found.size());
          for (Map.Entry<String, SessionRecord> e : found.entrySet()) {
            assertEquals(e.getKey(), e.getValue().chargePointId());
          }
          ctx.completeNow();
        })));
  }
}
