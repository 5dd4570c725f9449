package io.csms.persistence;

import static io.csms.persistence.PersistenceBus.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gathering window: requests that arrive within it are written as one batch, a full batch does not wait for
 * it, and {@link BatchQueue#finish()} writes what is gathering at once and completes only when it is written;
 * without a window, requests queued behind the batches in flight share the next one (against the database:
 * GroupCommitTest).
 */
class BatchQueueTest {
  private static final Duration MAX_WAIT = Duration.ofSeconds(8);
  private static Vertx vertx;
  private static Context context;

  private record Request(String name, long queuedAtNanos) implements BatchQueue.Entry {
    Request(String name) {
      this(name, System.nanoTime());
    }

    @Override
    public void refuse(RequestRefused busy) {
      throw new AssertionError(name + " refused: " + busy.getMessage());
    }
  }

  /** Records each batch as the names of its requests; each write completes when the test says so. */
  private static final class Writes {
    final List<List<String>> batches = new ArrayList<>();
    final List<Promise<Void>> pending = new ArrayList<>();
    final Promise<Void> first = Promise.promise();

    Future<?> write(List<Request> batch) {
      batches.add(batch.stream().map(Request::name).toList());
      first.tryComplete();
      Promise<Void> done = Promise.promise();
      pending.add(done);
      return done.future();
    }

    /** Completes the writes pending now (completing one may start the next batch). */
    void completeAll() {
      List.copyOf(pending).forEach(Promise::tryComplete);
    }
  }

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @Test
  void requestsArrivingWithinTheWindowAreWrittenAsOneBatchOnceItCloses() {
    Writes writes = new Writes();
    BatchQueue<Request> queue = new BatchQueue<>(vertx, Duration.ofMillis(100), 2, 256, MAX_WAIT, "the request",
        writes::write);
    List<List<String>> atOnce = onContext(() -> {
      addRequests(queue, 5);
      return List.copyOf(writes.batches);
    });
    assertTrue(atOnce.isEmpty(), "written before the window closed: " + atOnce);
    await(writes.first.future());
    assertEquals(List.of(List.of("r0", "r1", "r2", "r3", "r4")), onContext(() -> List.copyOf(writes.batches)));
  }

  @Test
  void withoutAWindowTheFirstRequestsGoAtOnceAndOnlyTheOnesQueuedBehindThemShareABatch() {
    Writes writes = new Writes();
    BatchQueue<Request> queue = new BatchQueue<>(vertx, Duration.ZERO, 2, 256, MAX_WAIT, "the request",
        writes::write);
    List<List<String>> atOnce = onContext(() -> {
      addRequests(queue, 5);
      writes.completeAll();
      return List.copyOf(writes.batches);
    });
    assertEquals(List.of(List.of("r0"), List.of("r1"), List.of("r2", "r3", "r4")), atOnce);
  }

  @Test
  void aWindowThatFillsABatchSendsItWithoutWaiting() {
    Writes writes = new Writes();
    BatchQueue<Request> queue = new BatchQueue<>(vertx, Duration.ofMinutes(10), 2, 3, MAX_WAIT, "the request",
        writes::write);
    List<List<String>> atOnce = onContext(() -> {
      addRequests(queue, 4);
      return List.copyOf(writes.batches);
    });
    assertEquals(List.of(List.of("r0", "r1", "r2")), atOnce, "the fourth waits for its window");
  }

  @Test
  void finishWritesWhatIsGatheringAtOnceAndCompletesOnlyWhenItIsWritten() {
    Writes writes = new Writes();
    BatchQueue<Request> queue = new BatchQueue<>(vertx, Duration.ofMinutes(10), 2, 256, MAX_WAIT, "the request",
        writes::write);
    Future<Void> finished = onContext(() -> {
      queue.add(new Request("r0"));
      queue.add(new Request("r1"));
      return queue.finish();
    });
    assertEquals(List.of(List.of("r0", "r1")), onContext(() -> List.copyOf(writes.batches)));
    assertFalse(onContext(finished::isComplete), "finished before its batch was written");
    onContext(() -> {
      writes.completeAll();
      return null;
    });
    await(finished);
    assertTrue(onContext(() -> queue.finish().isComplete()), "an idle queue finishes at once");
  }

  @Test
  void aWindowNeedsAVertxAndCannotBeNegative() {
    assertThrows(IllegalArgumentException.class, () -> new BatchQueue<Request>(null, Duration.ofMillis(2), 2, 256,
        MAX_WAIT, "the request", batch -> Future.succeededFuture()));
    assertThrows(IllegalArgumentException.class, () -> new BatchQueue<Request>(vertx, Duration.ofMillis(-1), 2,
        256, MAX_WAIT, "the request", batch -> Future.succeededFuture()));
  }

  /** Adds requests r0, r1, ... in one go. */
  private static void addRequests(BatchQueue<Request> queue, int count) {
    for (int i = 0; i < count; i++) {
      queue.add(new Request("r" + i));
    }
  }

  /** Runs on one event-loop context, as the persistence verticle does, and returns what it made. */
  private static <T> T onContext(Supplier<T> work) {
    Promise<T> made = Promise.promise();
    context.runOnContext(v -> {
      try {
        made.complete(work.get());
      } catch (RuntimeException | AssertionError e) {
        made.fail(e);
      }
    });
    return await(made.future());
  }
}
