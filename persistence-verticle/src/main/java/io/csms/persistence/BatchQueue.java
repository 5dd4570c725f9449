package io.csms.persistence;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Requests waiting for their turn in a batch, for the writers that group requests into one statement or one
 * commit: at most {@code inFlight} batches are written at once, and everything queued behind them (up to
 * {@code maxBatch}) goes in the next one. So a quiet node writes each request at once, and a busy one writes
 * bigger batches instead of queueing more of them: the batch size follows the load, and no request waits for
 * more than the batches ahead of it. A request that waited longer than {@code maxWait} for its batch is refused
 * with BUSY, not written: under overload its charge point has been answered with an error already (see
 * {@code database.maxWaitSeconds}).
 *
 * <p>With a gathering window, a request that arrives when no window is open opens one, and it and the requests
 * that arrive until the window closes (or until they fill a batch) join the queue together: each then waits up
 * to the window for its batch even when the database is free, and in exchange a busy node writes a few times
 * fewer, bigger batches. For MeterValues at 3,000 CALLs/s this saved the database a seventh of its CPU
 * (docs/benchmarks.md, fourteenth session).
 *
 * <p>Not thread-safe: used from the persistence verticle's event loop only.
 */
public final class BatchQueue<E extends BatchQueue.Entry> {

  /** A queued request. */
  public interface Entry {
    /** {@link System#nanoTime()} when it was queued. */
    long queuedAtNanos();

    /** Answers the request with {@code busy}: it waited too long and will not be written. */
    void refuse(RequestRefused busy);
  }

  private final int inFlightLimit;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final String waitedTooLong;
  private final Function<List<E>, Future<?>> write;
  private final Vertx vertx;
  private final long windowMillis;
  private final ArrayDeque<E> queue = new ArrayDeque<>();
  private final List<Promise<Void>> untilIdle = new ArrayList<>();
  private int inFlight;
  // Requests in the open gathering window, not yet queued; the timer that closes it (-1: no window open).
  private List<E> gathering = new ArrayList<>();
  private long windowTimer = -1;

  /**
   * {@code window}: the gathering window (whole milliseconds; zero: none), timed on {@code vertx}, which must be
   * the caller's own event loop's Vert.x; {@code what}: the request as the BUSY refusal names it ("the report");
   * {@code write}: writes a batch and answers each of its requests, completing once it is done either way.
   */
  public BatchQueue(Vertx vertx, Duration window, int inFlight, int maxBatch, Duration maxWait, String what,
                    Function<List<E>, Future<?>> write) {
    if (window.isNegative() || !window.isZero() && vertx == null) {
      throw new IllegalArgumentException("a gathering window needs a Vert.x to time it and must not be negative");
    }
    this.vertx = vertx;
    this.windowMillis = window.toMillis();
    this.inFlightLimit = inFlight;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
    this.waitedTooLong = "the database is busy: " + what + " waited longer than " + maxWait.toSeconds()
        + " s for its turn; nothing was written";
    this.write = write;
  }

  public void add(E entry) {
    if (windowMillis == 0) {
      queue.add(entry);
      drain();
      return;
    }
    gathering.add(entry);
    if (gathering.size() >= maxBatch) {
      closeWindow();
    } else if (windowTimer < 0) {
      windowTimer = vertx.setTimer(windowMillis, id -> {
        windowTimer = -1;
        closeWindow();
      });
    }
  }

  /**
   * Closes the gathering window at once and completes when every request taken so far has been written or
   * refused (for a stopping node, before its connections close).
   */
  public Future<Void> finish() {
    closeWindow();
    if (isIdle()) {
      return Future.succeededFuture();
    }
    Promise<Void> idle = Promise.promise();
    untilIdle.add(idle);
    return idle.future();
  }

  private boolean isIdle() {
    return inFlight == 0 && queue.isEmpty() && gathering.isEmpty();
  }

  /** Queues what the open gathering window holds now, without waiting for the window to close. */
  private void closeWindow() {
    if (windowTimer >= 0) {
      vertx.cancelTimer(windowTimer);
      windowTimer = -1;
    }
    if (!gathering.isEmpty()) {
      queue.addAll(gathering);
      gathering = new ArrayList<>();
      drain();
    }
  }

  private void drain() {
    while (inFlight < inFlightLimit && !queue.isEmpty()) {
      List<E> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
      long now = System.nanoTime();
      while (batch.size() < maxBatch && !queue.isEmpty()) {
        E next = queue.poll();
        if (now - next.queuedAtNanos() > maxWaitNanos) {
          next.refuse(RequestRefused.busy(waitedTooLong));
        } else {
          batch.add(next);
        }
      }
      if (batch.isEmpty()) {
        continue;
      }
      inFlight++;
      write.apply(batch).onComplete(done -> {
        inFlight--;
        drain();
        if (isIdle() && !untilIdle.isEmpty()) {
          List<Promise<Void>> waiting = List.copyOf(untilIdle);
          untilIdle.clear();
          waiting.forEach(Promise::complete);
        }
      });
    }
  }
}
