package io.csms.simulator.benchmark;

import io.csms.simulator.metrics.LatencyHistogram;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** The benchmark's figures as a markdown section, the form docs/benchmarks.md collects them in. */
final class BenchmarkReport {
  private BenchmarkReport() {
  }

  static String markdown(BenchmarkCommand run, List<TargetResult> results, String loadBefore) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "## %s · commit %s · %,d charge points%n%n", BenchmarkCommand.nowUtc(),
        BenchmarkCommand.commit(run.csmsJar()), run.chargers()));
    b.append("- Machine: ").append(MachineInfo.describe()).append("; load average before the run ")
        .append(loadBefore).append(". The load generator runs on the same machine.\n");
    results.stream().map(r -> r.databaseSettings).filter(Objects::nonNull).findFirst()
        .ifPresent(settings -> b.append("- Database: ").append(settings).append(", on the same machine.\n"));
    b.append("- Arguments: `").append(run.commandLine()).append("`\n");
    b.append("- JVMs: node `").append(String.join(" ", run.nodeJvm())).append("`; load generator `")
        .append(String.join(" ", MachineInfo.jvmOptions())).append("`\n");
    BenchmarkCommand.MixPlan mix = run.mixPlan();
    b.append(String.format(Locale.ROOT, "- Mix: 1 connector per charge point; sessions of %.1f s (±20%%) with "
            + "%.1f s pause (Preparing, Authorize, StartTransaction, Charging, MeterValues every %.2f s, "
            + "StopTransaction, Finishing, Available); Heartbeat every %d s; offered about %,.0f CALLs/s; "
            + "measured after %s of warm-up.%n",
        mix.sessionMillis() / 1000.0, mix.pauseMillis() / 1000.0, mix.meterMillis() / 1000.0,
        run.heartbeat().toSeconds(), run.rate(), run.warmUpMillis() == mix.cycleMillis() ? "one session cycle"
            : String.format(Locale.ROOT, "%.0f s", run.warmUpMillis() / 1000.0)));
    TargetResult noop = results.stream().filter(r -> r.name.startsWith("no-op")).findFirst().orElse(null);
    b.append('\n');
    b.append("| | ").append(String.join(" | ", results.stream().map(r -> r.name).toList())).append(" | target |\n");
    b.append("|---|").append("---|".repeat(results.size())).append("---|\n");
    row(b, results, "charge points held", r -> String.format(Locale.ROOT, "%,d / %,d", r.held, r.planned), "10,000");
    row(b, results, "ramp (connect + boot)", r -> String.format(Locale.ROOT, "%.1f s", r.rampSeconds), "");
    row(b, results, "CALLs/s answered, paced mix", r -> String.format(Locale.ROOT, "%,.0f%s", r.callsPerSecond(),
        ratio(r.callsPerSecond(), noop == null || r == noop ? -1 : noop.callsPerSecond())), "≥ 3,000");
    row(b, results, "p99 latency, all actions", r -> ms(r.p99Micros()), "≤ 50 ms");
    row(b, results, "errors", r -> Long.toString(r.errors), "0");
    row(b, results, "transaction messages sent again after an error", r -> Long.toString(r.transactionRetries), "");
    row(b, results, "sessions started / completed", r -> r.sessionsStarted + " / " + r.sessionsCompleted, "");
    row(b, results, "heap per idle connected charge point", r -> r.heapPerChargerBytes() < 0 ? "n/a"
        : String.format(Locale.ROOT, "%.1f KB", r.heapPerChargerBytes() / 1024.0), "≤ 50 KB");
    row(b, results, "heap after GC: empty → connected", r -> r.heapBaselineBytes < 0 ? "n/a"
        : String.format(Locale.ROOT, "%.1f → %.1f MB", r.heapBaselineBytes / 1048576.0, r.heapConnectedBytes / 1048576.0), "");
    row(b, results, "server RSS with connections", r -> r.residentKb < 0 ? "n/a"
        : String.format(Locale.ROOT, "%.0f MB", r.residentKb / 1024.0), "");
    row(b, results, "server CPU during the mix", r -> String.format(Locale.ROOT, "%.2f cores", r.nodeCores), "");
    row(b, results, "PostgreSQL CPU during the mix", r -> r.databaseCores < 0 ? "n/a"
        : String.format(Locale.ROOT, "%.2f cores", r.databaseCores), "");
    row(b, results, "simulator CPU during the mix", r -> String.format(Locale.ROOT, "%.2f cores", r.simulatorCores), "");
    row(b, results, "whole machine busy during the mix", r -> String.format(Locale.ROOT, "%.0f%%", r.machineBusy * 100), "");
    row(b, results, "CALLs/s saturated (closed loop)", r -> r.saturatedCallsPerSecond < 0 ? "n/a"
        : String.format(Locale.ROOT, "%,.0f%s (%d chargers, p99 %s, %d errors)", r.saturatedCallsPerSecond,
            ratio(r.saturatedCallsPerSecond, noop == null || r == noop ? -1 : noop.saturatedCallsPerSecond),
            r.saturatedChargers, ms(r.saturatedP99Micros), r.saturatedErrors), "");
    row(b, results, "transactions in the database (all / stopped)", r -> r.dbTransactions == null ? "n/a"
        : r.dbTransactions[0] + " / " + r.dbTransactions[1], "");
    row(b, results, "database work per CALL: commits / rows inserted / updated", r -> r.dbPerCall == null ? "n/a"
        : String.format(Locale.ROOT, "%.2f / %.2f / %.2f", r.dbPerCall[0], r.dbPerCall[1], r.dbPerCall[2]), "");
    row(b, results, "seconds of the mix with an answer slower than 100 ms", r -> r.secondsMeasured == 0 ? "n/a"
        : r.slowSeconds + " of " + r.secondsMeasured, "");
    row(b, results, "beside the mix: the node's GC pauses; autovacuum passes ended (vacuum / analyze)",
        r -> (r.gcPauses == null ? "n/a" : String.format(Locale.ROOT, "%d, %.0f ms in all", r.gcPauses.count(),
            r.gcPauses.seconds() * 1000))
            + (r.autovacuumPasses == null ? "" : "; " + r.autovacuumPasses.vacuums() + " / " + r.autovacuumPasses.analyzes()), "");
    for (TargetResult r : results) {
      b.append(String.format(Locale.ROOT, "%n%s, latency per action in the paced mix (ms):%n%n", r.name));
      if (r.failure != null) {
        b.append("**Run failed:** ").append(r.failure).append("\n");
        continue;
      }
      ServerLatency server = r.serverLatency;
      b.append(server == null ? "| action | count | p50 | p95 | p99 | max |\n|---|---|---|---|---|---|\n"
          : "| action | count | p50 | p95 | p99 | max | in the node: p50 / p95 / p99 |\n|---|---|---|---|---|---|---|\n");
      for (Map.Entry<String, LatencyHistogram> e : r.latencies.entrySet()) {
        LatencyHistogram h = e.getValue();
        b.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s |", e.getKey(), h.count(),
            ms(h.percentileMicros(50)), ms(h.percentileMicros(95)), ms(h.percentileMicros(99)), ms(h.maxMicros())));
        if (server != null) {
          b.append(String.format(Locale.ROOT, " %s / %s / %s |", bound(server.percentileMillis(e.getKey(), 50)),
              bound(server.percentileMillis(e.getKey(), 95)), bound(server.percentileMillis(e.getKey(), 99))));
        }
        b.append('\n');
      }
      if (server != null) {
        b.append("\n\"In the node\": from the node taking up the CALL to writing its answer, read from its own histogram"
            + " (csms_ocpp_call_duration_seconds, buckets about 10% apart: each figure is the bucket's upper bound).\n");
      }
      if (!r.errorsByKind.isEmpty()) {
        b.append("\nErrors: ");
        r.errorsByKind.forEach((k, n) -> b.append('`').append(k).append("` ").append(n).append("; "));
        b.append('\n');
      }
      if (r.profile != null) {
        b.append(r.profile.markdown(r.name));
      }
    }
    return b.toString();
  }

  private static void row(StringBuilder b, List<TargetResult> results, String label, Function<TargetResult, String> cell,
                          String target) {
    b.append("| ").append(label).append(" | ");
    for (TargetResult r : results) {
      b.append(r.failure != null && r.windowSeconds == 0 ? "failed" : cell.apply(r)).append(" | ");
    }
    b.append(target).append(" |\n");
  }

  private static String ratio(double value, double ceiling) {
    return ceiling <= 0 ? "" : String.format(Locale.ROOT, " (%.2f × no-op)", value / ceiling);
  }

  /** A histogram bucket's upper bound, in ms. */
  private static String bound(double millis) {
    return millis < 0 ? "n/a" : Double.isInfinite(millis) ? "> 30 s" : String.format(Locale.ROOT, "≤ %.1f", millis);
  }

  private static String ms(long micros) {
    return micros < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
  }
}
