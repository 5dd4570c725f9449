package io.csms.simulator.benchmark;

/**
 * The node's garbage-collection pauses ({@code jvm_gc_pause_seconds}, every collector and cause summed): how
 * many and how long in all. A pause holds every answer in flight, so the window's pauses are part of what its
 * tail is made of.
 */
record GcPauses(long count, double seconds) {
  private static final String COUNT = "jvm_gc_pause_seconds_count{";
  private static final String SUM = "jvm_gc_pause_seconds_sum{";

  static GcPauses parse(String prometheusText) {
    long count = 0;
    double seconds = 0;
    for (String line : prometheusText.split("\n")) {
      if (line.startsWith(COUNT)) {
        count += (long) value(line);
      } else if (line.startsWith(SUM)) {
        seconds += value(line);
      }
    }
    return new GcPauses(count, seconds);
  }

  private static double value(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  /** The pauses after {@code earlier}. */
  GcPauses since(GcPauses earlier) {
    return new GcPauses(count - earlier.count, seconds - earlier.seconds);
  }
}
