package io.csms.simulator.metrics;

import java.util.Locale;
import java.util.Map;

/** The end-of-run summary: counts, per-action latency percentiles and errors by kind, as text. */
public final class SummaryReport {
  private SummaryReport() {
  }

  public static String format(SimulationStats stats, SimulationStats.Window w, int chargers) {
    StringBuilder b = new StringBuilder();
    double seconds = Math.max(1e-9, w.seconds());
    b.append(String.format(Locale.ROOT, "%nSummary over %.1f s%n", seconds));
    b.append(String.format(Locale.ROOT, "  charge points      %,d planned, %,d booted, %,d connected at the end%n",
        chargers, stats.booted.sum(), stats.connected.sum()));
    b.append(String.format(Locale.ROOT, "  connections made   %,d%n", w.connects.sum()));
    b.append(String.format(Locale.ROOT, "  sessions           %,d started, %,d completed%n",
        w.sessionsStarted.sum(), w.sessionsCompleted.sum()));
    b.append(String.format(Locale.ROOT, "  CALLs sent         %,d (%,.1f/s), %,d answered%n",
        w.callsSent.sum(), w.callsSent.sum() / seconds, w.answersReceived.sum()));
    b.append(String.format(Locale.ROOT, "  CSMS CALLs         %,d answered%n", w.csmsCallsReceived.sum()));
    b.append(String.format(Locale.ROOT, "  transaction retries %,d (CALLERROR or no answer, sent again)%n",
        w.transactionRetries.sum()));
    b.append(latencyTable(w.latencies()));
    Map<String, Long> errors = w.errorsByKind();
    b.append(String.format(Locale.ROOT, "  errors             %,d%n", w.errors.sum()));
    errors.forEach((kind, n) -> b.append(String.format(Locale.ROOT, "    %-40s %,d%n", kind, n)));
    return b.toString();
  }

  /** Per action: count, p50, p95, p99 and max in milliseconds. */
  public static String latencyTable(Map<String, LatencyHistogram> latencies) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "  %-30s %10s %9s %9s %9s %9s%n", "latency (ms)", "count", "p50", "p95",
        "p99", "max"));
    latencies.forEach((action, h) -> b.append(String.format(Locale.ROOT, "  %-30s %,10d %9.2f %9.2f %9.2f %9.2f%n",
        action, h.count(), h.percentileMicros(50) / 1000.0, h.percentileMicros(95) / 1000.0,
        h.percentileMicros(99) / 1000.0, h.maxMicros() / 1000.0)));
    return b.toString();
  }
}
