package io.csms.persistence.demo;

import static io.csms.bus.PersistenceAddresses.CHARGER_LOOKUP;
import static io.csms.bus.PersistenceAddresses.IDTAG_LOOKUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.csms.persistence.PersistenceBus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DemoSeedTest {
  private static final String SNAPSHOT = """
      SELECT (SELECT count(*) FROM stations WHERE name = 'Demo Station' AND latitude IS NOT NULL
                AND longitude IS NOT NULL AND address IS NOT NULL) AS stations,
             (SELECT string_agg(charge_point_id, ',' ORDER BY charge_point_id) FROM chargers) AS chargers,
             (SELECT count(*) FROM connectors) AS connectors,
             (SELECT count(*) FROM tariffs) AS tariffs,
             (SELECT price_per_kwh::text || ' ' || currency || ' fee ' || session_fee::text FROM tariffs
               WHERE is_default) AS tariff,
             (SELECT count(*) FROM users) AS users,
             (SELECT name || ' ' || role FROM users WHERE rfid_id_tag = 'DEMO-TAG-1') AS driver,
             (SELECT balance::text || ' ' || currency FROM wallets) AS balance,
             (SELECT count(*) FROM wallet_ledger) AS ledger_entries,
             (SELECT sum(amount)::text FROM wallet_ledger) AS ledger_sum,
             (SELECT entry_type || ' ' || balance_after::text FROM wallet_ledger) AS top_up
      """;

  @Test
  void theDemoDataIsSeededOnceAndIsUsable(Vertx vertx) {
    try (PersistenceBus bus = PersistenceBus.start(vertx, new JsonObject().put("demo", true))) {
      Map<String, Object> first = bus.row(SNAPSHOT);
      assertEquals(1L, first.get("stations"));
      assertEquals("DEMO-CP-1,DEMO-CP-2", first.get("chargers"));
      assertEquals(4L, first.get("connectors"));
      assertEquals("12.0000 INR fee 0.00", first.get("tariff"));
      assertEquals("Demo Driver USER", first.get("driver"));
      assertEquals("500.00 INR", first.get("balance"));
      assertEquals("500.00", first.get("ledger_sum"));
      assertEquals("TOP_UP 500.00", first.get("top_up"));

      // A restart (or a second node) seeds again: nothing changes.
      bus.undeploy();
      bus.deploy();
      assertEquals(first, bus.row(SNAPSHOT));

      JsonObject charger = bus.request(CHARGER_LOOKUP, new JsonObject().put("chargePointId", "DEMO-CP-1"));
      assertNotNull(charger.getLong("stationId"));
      JsonObject driver = bus.request(IDTAG_LOOKUP, new JsonObject().put("idTag", "DEMO-TAG-1"));
      assertEquals(true, driver.getBoolean("known"));
      assertEquals(0, new BigDecimal("500").compareTo(new BigDecimal(driver.getString("walletBalance"))));
    }
  }

  @Test
  void withoutDemoNothingIsSeeded(Vertx vertx) {
    try (PersistenceBus bus = PersistenceBus.start(vertx)) {
      assertEquals(0, bus.count("SELECT (SELECT count(*) FROM chargers) + (SELECT count(*) FROM users) "
          + "+ (SELECT count(*) FROM tariffs)"));
    }
  }
}
