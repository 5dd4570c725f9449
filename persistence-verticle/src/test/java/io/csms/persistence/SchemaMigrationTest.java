package io.csms.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.csms.testing.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.flywaydb.core.Flyway;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SchemaMigrationTest {
  static TestDatabase db;

  @BeforeAll
  static void database() {
    db = TestDatabase.create();
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void deployingTheVerticleCreatesTheWholeDomainAndIsIdempotent(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = new JsonObject().put("database", new JsonObject().put("url", db.url()));
    vertx.deployVerticle(new PersistenceVerticle(), new DeploymentOptions().setConfig(config))
        .compose(vertx::undeploy)
        // A restart finds the schema current and applies nothing.
        .compose(v -> vertx.deployVerticle(new PersistenceVerticle(), new DeploymentOptions().setConfig(config)))
        .onComplete(ctx.succeeding(id -> ctx.verify(() -> {
          Set<String> tables = new HashSet<>();
          try (Connection c = db.connect();
               ResultSet rs = c.createStatement().executeQuery(
                   "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            while (rs.next()) {
              tables.add(rs.getString(1));
            }
          }
          for (String expected : new String[] {"users", "wallets", "wallet_ledger", "vehicle_profiles",
              "stations", "chargers", "connectors", "tariffs", "charging_transactions", "meter_readings", "meter_values",
              "ocpp_messages"}) {
            assertEquals(true, tables.contains(expected), "table " + expected);
          }
          ctx.completeNow();
        })));
  }

  @Test
  void meterValuesStoredBeforeReadingsAreKept(Vertx vertx, VertxTestContext ctx) {
    TestDatabase old = TestDatabase.create();
    // A database at V34, with sampled values stored one per row by that version.
    Flyway.configure(SchemaMigration.class.getClassLoader()).dataSource(old.jdbcUrl(), null, null)
        .locations("classpath:db/migration").target("34").load().migrate();
    long charger = ((Number) old.value("INSERT INTO chargers (charge_point_id) VALUES ('CS-V34') RETURNING id"))
        .longValue();
    old.rows("INSERT INTO meter_values (charger_id, connector_id, sampled_at, measurand, unit, raw_value, value,"
        + " normalized_value, normalized_unit, created_at) VALUES"
        + " (?, 1, '2025-03-01T10:00:00Z', 'Energy.Active.Import.Register', 'kWh', '1.5', 1.5, 1500, 'Wh', '2025-03-01T10:00:01Z'),"
        + " (?, 1, '2025-03-01T10:00:00Z', 'Voltage', 'V', '230', 230, 230, 'V', '2025-03-01T10:00:01Z'),"
        + " (?, 1, '2025-03-01T10:05:00Z', 'Energy.Active.Import.Register', 'Wh', 'n/a', NULL, NULL, NULL, '2025-03-01T10:05:01Z')",
        charger, charger, charger);

    JsonObject config = new JsonObject().put("database", new JsonObject().put("url", old.url()));
    vertx.deployVerticle(new PersistenceVerticle(), new DeploymentOptions().setConfig(config))
        .onComplete(ctx.succeeding(id -> ctx.verify(() -> {
          try {
            assertEquals(2L, old.value("SELECT count(*) FROM meter_readings"));
            assertEquals(List.of(
                    Arrays.asList("Energy.Active.Import.Register", "kWh", "1.5", "1500", "Wh"),
                    Arrays.asList("Voltage", "V", "230", "230", "V"),
                    Arrays.asList("Energy.Active.Import.Register", "Wh", "n/a", null, null)),
                old.rows("SELECT measurand, unit, raw_value, normalized_value::text AS normalized, normalized_unit"
                    + " FROM meter_values WHERE charger_id = ? ORDER BY reading_id, position", charger).stream()
                    .map(row -> Arrays.asList(row.get("measurand"), row.get("unit"), row.get("raw_value"),
                        row.get("normalized"), row.get("normalized_unit")))
                    .toList());
          } finally {
            old.close();
          }
          ctx.completeNow();
        })));
  }
}
