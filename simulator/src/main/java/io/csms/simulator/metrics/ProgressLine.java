package io.csms.simulator.metrics;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The one-line live view of a run, printed once per second: rewritten in place on a terminal, one line
 * per second otherwise (logs, CI).
 */
public final class ProgressLine {
  private final SimulationStats stats;
  private final int chargers;
  private final PrintStream out;
  private final boolean inPlace;
  private final long startNanos = System.nanoTime();
  private long lastCalls;
  private long lastNanos = System.nanoTime();
  private SimulationStats.Window lastWindow;

  public ProgressLine(SimulationStats stats, int chargers, PrintStream out, boolean inPlace) {
    this.stats = stats;
    this.chargers = chargers;
    this.out = out;
    this.inPlace = inPlace;
  }

  /** Prints the line; returns the slowest answer since the last line, in microseconds. */
  public long print() {
    SimulationStats.Window w = stats.window();
    long now = System.nanoTime();
    long calls = w.callsSent.sum();
    if (w != lastWindow) {
      lastWindow = w;
      lastCalls = 0;
    }
    double rate = (calls - lastCalls) / Math.max(1e-9, (now - lastNanos) / 1e9);
    lastCalls = calls;
    lastNanos = now;
    long slowestMicros = stats.slowestMicros.getThenReset();
    String line = String.format(Locale.ROOT,
        "[%5ds] connected %,d/%,d  booted %,d  sessions running %,d completed %,d  calls/s %,.0f  slowest %,.1f ms"
            + "  csms calls %,d  errors %,d",
        (now - startNanos) / 1_000_000_000L, stats.connected.sum(), chargers, stats.booted.sum(),
        stats.sessionsRunning.sum(), w.sessionsCompleted.sum(), rate, slowestMicros / 1000.0,
        w.csmsCallsReceived.sum(), w.errors.sum());
    if (inPlace) {
      out.print("\r" + line + "   ");
    } else {
      out.println(line);
    }
    out.flush();
    return slowestMicros;
  }

  public void finish() {
    if (inPlace) {
      out.println();
    }
  }
}
