package io.csms.simulator.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The node's histogram as the benchmark reads it: only the window counts, percentiles are bucket bounds. */
class ServerLatencyTest {

  private static String scrape(long heartbeatsUnder5ms, long heartbeatsUnder50ms, long heartbeats,
                               long metersUnder5ms, long meters) {
    return String.join("\n",
        "# HELP csms_ocpp_call_duration_seconds Time the node took to answer a charge point's CALL",
        "# TYPE csms_ocpp_call_duration_seconds histogram",
        "csms_ocpp_call_duration_seconds_bucket{action=\"Heartbeat\",le=\"0.005\"} " + heartbeatsUnder5ms,
        "csms_ocpp_call_duration_seconds_bucket{action=\"Heartbeat\",le=\"0.05\"} " + heartbeatsUnder50ms,
        "csms_ocpp_call_duration_seconds_bucket{action=\"Heartbeat\",le=\"+Inf\"} " + heartbeats,
        "csms_ocpp_call_duration_seconds_count{action=\"Heartbeat\"} " + heartbeats,
        "csms_ocpp_call_duration_seconds_bucket{action=\"MeterValues\",le=\"0.005\"} " + metersUnder5ms + ".0",
        "csms_ocpp_call_duration_seconds_bucket{action=\"MeterValues\",le=\"0.05\"} " + meters + ".0",
        "csms_ocpp_call_duration_seconds_bucket{action=\"MeterValues\",le=\"+Inf\"} " + meters + ".0",
        "csms_ocpp_messages_total{action=\"Heartbeat\",direction=\"in\",type=\"CALL\"} 12.0",
        "");
  }

  @Test
  void onlyWhatTheWindowRecordedCounts() {
    // Before the window: 1,000 slow heartbeats; in it: 100 heartbeats, 99 of them within 5 ms.
    ServerLatency before = ServerLatency.parse(scrape(0, 0, 1_000, 0, 0));
    ServerLatency after = ServerLatency.parse(scrape(99, 100, 1_100, 0, 0));

    ServerLatency window = after.since(before);

    assertEquals(5.0, window.percentileMillis("Heartbeat", 50), 1e-9);
    assertEquals(5.0, window.percentileMillis("Heartbeat", 99), 1e-9);
    assertEquals(50.0, window.percentileMillis("Heartbeat", 100), 1e-9);
  }

  @Test
  void allActionsSumsEveryActionAndAnActionWithNothingInTheWindowHasNoFigure() {
    ServerLatency before = ServerLatency.parse(scrape(0, 0, 0, 0, 0));
    // 10 heartbeats, all over 50 ms; 90 meter values within 5 ms: 10% of all answers were slow.
    ServerLatency after = ServerLatency.parse(scrape(0, 0, 10, 90, 90));

    ServerLatency window = after.since(before);

    assertEquals(5.0, window.percentileMillis(ServerLatency.ALL_ACTIONS, 90), 1e-9);
    assertEquals(Double.POSITIVE_INFINITY, window.percentileMillis(ServerLatency.ALL_ACTIONS, 95));
    assertEquals(-1, window.percentileMillis("StopTransaction", 50));
    assertEquals(-1, after.since(after).percentileMillis("Heartbeat", 50));
  }
}
