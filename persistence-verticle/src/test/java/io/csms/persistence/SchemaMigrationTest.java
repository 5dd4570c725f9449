package io.csms.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.csms.testing.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashSet;
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
              "stations", "chargers", "connectors", "tariffs", "charging_transactions", "meter_values",
              "ocpp_messages"}) {
            assertEquals(true, tables.contains(expected), "table " + expected);
          }
          ctx.completeNow();
        })));
  }
}
