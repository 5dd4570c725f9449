package io.csms.simulator.benchmark;

import io.csms.simulator.metrics.LatencyHistogram;
import io.csms.simulator.metrics.SimulationStats;
import java.util.Map;

/** The figures measured for one server under test. */
final class TargetResult {
  final String name;
  int planned;
  long held;
  double rampSeconds;
  long heapBaselineBytes = -1;
  /** The database server and its write-path settings (CSMS runs only). */
  String databaseSettings;
  long heapConnectedBytes = -1;
  long residentKb = -1;
  double windowSeconds;
  long callsSent;
  long answered;
  long sessionsStarted;
  long sessionsCompleted;
  long connectionsDuringWindow;
  Map<String, LatencyHistogram> latencies = Map.of();
  /** The server's own answer times in the window (the CSMS node's /metrics); null for the no-op responder. */
  ServerLatency serverLatency;
  Map<String, Long> errorsByKind = Map.of();
  long errors;
  /** Transaction messages sent again after a CALLERROR or no answer (each also counted in errors). */
  long transactionRetries;
  double nodeCores;
  double simulatorCores;
  /** PostgreSQL's processes on this machine, cores; -1 when none was seen (the no-op responder has none). */
  double databaseCores = -1;
  double machineBusy;
  double saturatedCallsPerSecond = -1;
  int saturatedChargers;
  long saturatedErrors;
  long saturatedP99Micros;
  long[] dbTransactions;
  /** Per CALL answered in the paced mix: commits, rows inserted, rows updated. */
  double[] dbPerCall;
  /** Seconds of the window, and how many of them had an answer slower than 100 ms. */
  int secondsMeasured;
  int slowSeconds;
  /** The node's GC pauses in the window; null for the no-op responder. */
  GcPauses gcPauses;
  /** Autovacuum passes (vacuums, analyzes) that ended in the window; null without a database. */
  AutovacuumPasses autovacuumPasses;
  CpuProfile profile;
  String failure;

  TargetResult(String name) {
    this.name = name;
  }

  double callsPerSecond() {
    return windowSeconds <= 0 ? 0 : answered / windowSeconds;
  }

  long heapPerChargerBytes() {
    return held <= 0 || heapConnectedBytes < 0 || heapBaselineBytes < 0 ? -1
        : (heapConnectedBytes - heapBaselineBytes) / held;
  }

  long p99Micros() {
    LatencyHistogram all = latencies.get(SimulationStats.ALL_ACTIONS);
    return all == null ? -1 : all.percentileMicros(99);
  }
}
