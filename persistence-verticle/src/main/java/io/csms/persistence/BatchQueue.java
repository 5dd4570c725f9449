package io.csms.persistence;

import io.vertx.core.Future;
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
  private final ArrayDeque<E> queue = new ArrayDeque<>();
  private int inFlight;

  /**
   * {@code what}: the request as the BUSY refusal names it ("the report"); {@code write}: writes a batch and
   * answers each of its requests, completing once it is done either way.
   */
  public BatchQueue(int inFlight, int maxBatch, Duration maxWait, String what, Function<List<E>, Future<?>> write) {
    this.inFlightLimit = inFlight;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
    this.waitedTooLong = "the database is busy: " + what + " waited longer than " + maxWait.toSeconds()
        + " s for its turn; nothing was written";
    this.write = write;
  }

  public void add(E entry) {
    queue.add(entry);
    drain();
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
      });
    }
  }
}
