package io.csms.simulator.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in microseconds, recorded lock-free from any event loop into log-linear buckets (32 per
 * power of two, so a percentile is within about 3% of the true value); the maximum is exact.
 */
public final class LatencyHistogram {
  private static final int SUB_BUCKET_BITS = 5;
  private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
  // Up to 2^36 us (about 19 hours): far beyond any call time-out.
  private static final int BUCKETS = (36 - SUB_BUCKET_BITS + 1) * SUB_BUCKETS;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong max = new AtomicLong();

  public void recordMicros(long micros) {
    long value = Math.max(0, micros);
    counts.incrementAndGet(indexOf(value));
    total.incrementAndGet();
    max.accumulateAndGet(value, Math::max);
  }

  public long count() {
    return total.get();
  }

  public long maxMicros() {
    return max.get();
  }

  /** The smallest recorded value v such that at least {@code percentile}% of values are <= v. */
  public long percentileMicros(double percentile) {
    long n = total.get();
    if (n == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(n * percentile / 100.0);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= Math.max(1, rank)) {
        return Math.min(upperBoundOf(i), max.get());
      }
    }
    return max.get();
  }

  static int indexOf(long value) {
    if (value < SUB_BUCKETS) {
      return (int) value;
    }
    int magnitude = 63 - Long.numberOfLeadingZeros(value); // >= SUB_BUCKET_BITS
    int shift = magnitude - SUB_BUCKET_BITS;
    int sub = (int) (value >>> shift) - SUB_BUCKETS; // 0..31
    int index = (shift + 1) * SUB_BUCKETS + sub;
    return Math.min(index, BUCKETS - 1);
  }

  static long upperBoundOf(int index) {
    if (index < SUB_BUCKETS) {
      return index;
    }
    int shift = index / SUB_BUCKETS - 1;
    int sub = index % SUB_BUCKETS;
    return ((long) (SUB_BUCKETS + sub + 1) << shift) - 1;
  }
}
