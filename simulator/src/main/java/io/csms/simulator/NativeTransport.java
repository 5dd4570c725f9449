package io.csms.simulator;

import io.vertx.core.VertxOptions;

/** Vert.x options of the simulator's commands. */
public final class NativeTransport {
  private NativeTransport() {
  }

  /**
   * Prefers Netty's epoll transport (on the class path of csms.jar, Linux only; elsewhere Vert.x falls back to
   * NIO), which waits for the next timer with a timerfd. With NIO, the event loops of thousands of simulated
   * charge points spent a third of the simulator's CPU in their select loop, reading the clock and calling
   * epoll_wait between timers (docs/benchmarks.md).
   */
  public static VertxOptions options() {
    return new VertxOptions().setPreferNativeTransport(true);
  }
}
