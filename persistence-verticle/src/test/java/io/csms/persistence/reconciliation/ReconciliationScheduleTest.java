package io.csms.persistence.reconciliation;

import static io.csms.bus.PersistenceAddresses.CHARGER_BOOT;
import static io.csms.persistence.PersistenceBus.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.csms.persistence.PersistenceBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ReconciliationScheduleTest {

  @Test
  void theVerticleScansOnItsOwnSchedule(Vertx vertx) {
    // A deadline of 0 minutes closes a parked session at the first scan, one second after deployment.
    JsonObject config = new JsonObject().put("persistence", new JsonObject()
        .put("reconciliationScanSeconds", 1).put("reconciliationDeadlineMinutes", 0));
    try (PersistenceBus bus = PersistenceBus.start(vertx, config)) {
      bus.charger("CS-SCHEDULE");
      long id = bus.session("CS-SCHEDULE", 1, "TAG", 0, "2025-03-01T10:00:00Z");
      Future<JsonObject> event = bus.stoppedEvent(id);
      bus.request(CHARGER_BOOT, new JsonObject().put("chargePointId", "CS-SCHEDULE")
          .put("chargePointVendor", "Acme").put("chargePointModel", "X").put("receivedAt", "2025-03-01T10:30:00Z"));
      await(event);
      assertEquals("RECONCILED", bus.value("SELECT stop_source FROM charging_transactions WHERE id = ?", id));
    }
  }
}
