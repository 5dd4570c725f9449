package io.csms.simulator.benchmark;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.csms.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The benchmark report's "PostgreSQL CPU" row: the database server's work shows in it. */
class MachineInfoTest {

  @Test
  void theDatabaseServersWorkOnThisMachineIsCounted() throws Exception {
    try (TestDatabase db = TestDatabase.create(); Connection connection = db.connect();
         Statement statement = connection.createStatement()) {
      long before = MachineInfo.postgresCpuNanos();
      // A server on another machine has no processes here; the report then says n/a.
      assumeTrue(before >= 0, "the test database does not run on this machine");
      // Read while the connection is open: its backend, still running, has the time.
      statement.execute("SELECT count(*) FROM generate_series(1, 5000000)");
      long after = MachineInfo.postgresCpuNanos();
      assertTrue(after - before >= 100_000_000L,
          "counting five million rows took the server at least 0.1 s of CPU, measured " + (after - before) / 1e6 + " ms");
    }
  }
}
