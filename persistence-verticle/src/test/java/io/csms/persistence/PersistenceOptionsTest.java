package io.csms.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The gathering windows' defaults and what an operator who sets them wrong is told. */
class PersistenceOptionsTest {
  private static final JsonObject DATABASE = new JsonObject().put("url", "postgresql://csms@127.0.0.1:5432/csms");

  @Test
  void bothGatheringWindowsDefaultToTwoMillisecondsAndZeroTurnsThemOff() {
    PersistenceOptions defaults = new PersistenceOptions(new JsonObject().put("database", DATABASE));
    assertEquals(2, defaults.meterValuesWindowMillis());
    assertEquals(2, defaults.sharedCommitWindowMillis());

    PersistenceOptions off = new PersistenceOptions(new JsonObject().put("database", DATABASE).put("persistence",
        new JsonObject().put("meterValuesWindowMillis", 0).put("sharedCommitWindowMillis", 0)));
    assertEquals(0, off.meterValuesWindowMillis());
    assertEquals(0, off.sharedCommitWindowMillis());
  }

  @Test
  void aNegativeWindowIsRefusedWithTheKeyThatIsWrong() {
    for (String key : new String[] {"meterValuesWindowMillis", "sharedCommitWindowMillis"}) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new PersistenceOptions(
          new JsonObject().put("database", DATABASE).put("persistence", new JsonObject().put(key, -1))));
      assertEquals("persistence." + key + " must be 0 or more, was -1", refused.getMessage());
    }
  }
}
