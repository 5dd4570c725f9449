package io.csms.persistence;

import static io.csms.bus.PersistenceAddresses.CHARGER_HEARTBEAT;
import static io.csms.bus.PersistenceAddresses.METER_VALUES;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.csms.bus.BusFailure;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DatabaseFaultTest {

  @Test
  void aDatabaseFaultAnswersInternalWithAShortReasonAndTheStoreKeepsServing(Vertx vertx) {
    try (PersistenceBus bus = PersistenceBus.start(vertx)) {
      bus.charger("CS-FAULT");
      // An operator's mistake under a running node: the table the store writes to is gone.
      bus.execute("ALTER TABLE meter_readings RENAME TO meter_readings_away");
      ReplyException failure = bus.failure(METER_VALUES, new JsonObject().put("chargePointId", "CS-FAULT")
          .put("connectorId", 1).put("meterValue", new JsonArray().add(new JsonObject()
              .put("timestamp", "2025-03-01T10:00:00Z")
              .put("sampledValue", new JsonArray().add(new JsonObject().put("value", "1"))))));
      assertEquals(BusFailure.INTERNAL, failure.failureCode());
      assertEquals("persistence failure on " + METER_VALUES, failure.getMessage());

      assertEquals(new JsonObject(), bus.request(CHARGER_HEARTBEAT,
          new JsonObject().put("chargePointId", "CS-FAULT").put("receivedAt", "2025-03-01T10:00:00Z")));
    }
  }
}
