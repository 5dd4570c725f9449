package io.csms.simulator.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the whole fleet did, updated from every event loop: gauges of the fleet's state, counters of
 * frames, CALL latency per action, and errors by kind. {@link #resetWindow()} starts a fresh measurement
 * window for the counters and latencies (the benchmark does so once the fleet is ramped).
 */
public final class SimulationStats {
  // Gauges: never reset.
  public final LongAdder connected = new LongAdder();
  public final LongAdder booted = new LongAdder();
  public final LongAdder sessionsRunning = new LongAdder();

  private volatile Window window = new Window();

  /** Counters and latencies since the last {@link #resetWindow()}. */
  public static final class Window {
    public final long startedNanos = System.nanoTime();
    public final LongAdder callsSent = new LongAdder();
    public final LongAdder answersReceived = new LongAdder();
    public final LongAdder csmsCallsReceived = new LongAdder();
    public final LongAdder sessionsStarted = new LongAdder();
    public final LongAdder sessionsCompleted = new LongAdder();
    public final LongAdder connects = new LongAdder();
    public final LongAdder errors = new LongAdder();
    /** Transaction messages scheduled to be sent again after the CSMS failed to process them. */
    public final LongAdder transactionRetries = new LongAdder();
    final ConcurrentMap<String, LatencyHistogram> latencies = new ConcurrentHashMap<>();
    final ConcurrentMap<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();

    public Map<String, LatencyHistogram> latencies() {
      return new TreeMap<>(latencies);
    }

    public Map<String, Long> errorsByKind() {
      Map<String, Long> sorted = new TreeMap<>();
      errorsByKind.forEach((kind, n) -> sorted.put(kind, n.sum()));
      return sorted;
    }

    public double seconds() {
      return (System.nanoTime() - startedNanos) / 1e9;
    }
  }

  public Window window() {
    return window;
  }

  public Window resetWindow() {
    Window previous = window;
    window = new Window();
    return previous;
  }

  public void callSent() {
    window.callsSent.increment();
  }

  /** The latency row over every action. */
  public static final String ALL_ACTIONS = "(all)";

  /** The slowest answer since the progress line last read it, in microseconds (a stall shows up here). */
  final LongAccumulator slowestMicros = new LongAccumulator(Math::max, 0);

  public void answered(String action, long latencyNanos) {
    Window w = window;
    w.answersReceived.increment();
    slowestMicros.accumulate(latencyNanos / 1000);
    w.latencies.computeIfAbsent(action, a -> new LatencyHistogram()).recordMicros(latencyNanos / 1000);
    w.latencies.computeIfAbsent(ALL_ACTIONS, a -> new LatencyHistogram()).recordMicros(latencyNanos / 1000);
  }

  public void transactionMessageRetried() {
    window.transactionRetries.increment();
  }

  /** An error of a kind such as {@code timeout:MeterValues} or {@code CALLERROR:InternalError}. */
  public void error(String kind) {
    Window w = window;
    w.errors.increment();
    w.errorsByKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }
}
