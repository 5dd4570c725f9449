package io.csms.simulator.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The node's GC pauses as the benchmark reads them from /metrics: every collector and cause, the window only. */
class GcPausesTest {

  private static String scrape(long evacuations, double evacuationSeconds, long humongous, double humongousSeconds) {
    return String.join("\n",
        "# HELP jvm_gc_pause_seconds Time spent in GC pause",
        "# TYPE jvm_gc_pause_seconds summary",
        "jvm_gc_pause_seconds_count{action=\"end of minor GC\",cause=\"G1 Evacuation Pause\",gc=\"G1 Young Generation\"} "
            + evacuations,
        "jvm_gc_pause_seconds_sum{action=\"end of minor GC\",cause=\"G1 Evacuation Pause\",gc=\"G1 Young Generation\"} "
            + evacuationSeconds,
        "jvm_gc_pause_seconds_count{action=\"end of minor GC\",cause=\"G1 Humongous Allocation\",gc=\"G1 Young "
            + "Generation\"} " + humongous,
        "jvm_gc_pause_seconds_sum{action=\"end of minor GC\",cause=\"G1 Humongous Allocation\",gc=\"G1 Young "
            + "Generation\"} " + humongousSeconds,
        "jvm_gc_pause_seconds_max{action=\"end of minor GC\",cause=\"G1 Evacuation Pause\",gc=\"G1 Young Generation\"} "
            + "0.5",
        "jvm_gc_memory_allocated_bytes_total 1.0E9",
        "");
  }

  @Test
  void thePausesOfTheWindowAreSummedOverEveryCause() {
    GcPauses before = GcPauses.parse(scrape(10, 0.2, 1, 0.01));
    GcPauses after = GcPauses.parse(scrape(12, 0.235, 2, 0.025));

    GcPauses window = after.since(before);

    assertEquals(3, window.count());
    assertEquals(0.050, window.seconds(), 1e-9);
  }

  @Test
  void aNodeWithoutPausesHasNone() {
    assertEquals(new GcPauses(0, 0), GcPauses.parse("jvm_gc_memory_allocated_bytes_total 1.0E9\n"));
  }
}
