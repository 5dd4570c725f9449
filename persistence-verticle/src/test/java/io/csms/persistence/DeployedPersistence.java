package io.csms.persistence;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One persistence verticle on one fresh database for a whole test class; each test uses its own charge
 * point ids so that tests do not see each other's rows.
 */
@ExtendWith(VertxExtension.class)
public abstract class DeployedPersistence {
  protected static Vertx vertx;
  protected static PersistenceBus bus;

  @BeforeAll
  static void deployPersistence(Vertx v) {
    vertx = v;
    bus = PersistenceBus.start(v);
  }

  @AfterAll
  static void dropDatabase() {
    bus.close();
  }
}
