package io.csms.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * For effects no test can listen to (a batched write, work in another process, an expiry): asks again
 * every 100 ms until true, and fails after 20 s. Never a fixed wait: a test passes as soon as the effect
 * is there.
 */
public final class Poll {
  private Poll() {
  }

  /** Blocks the calling test thread (never an event loop). */
  public static void until(String what, BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what);
      }
    }
  }
}
