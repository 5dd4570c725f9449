package io.csms.simulator;

import io.csms.simulator.responder.NoOpResponder.ReceivedCall;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Every CALL the responder received, with futures that complete when a matching one arrives. */
final class CallLog implements Consumer<ReceivedCall> {
  private record Waiter(Predicate<ReceivedCall> match, Promise<ReceivedCall> promise) {
  }

  private final List<ReceivedCall> calls = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();

  @Override
  public void accept(ReceivedCall call) {
    List<Waiter> matched = new ArrayList<>();
    synchronized (this) {
      calls.add(call);
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.match().test(call)) {
          it.remove();
          matched.add(w);
        }
      }
    }
    // Outside the lock and the loop: completing may register new waiters.
    matched.forEach(w -> w.promise().tryComplete(call));
  }

  /** The first call matching, already received or still to come. */
  synchronized Future<ReceivedCall> next(Predicate<ReceivedCall> match) {
    for (ReceivedCall c : calls) {
      if (match.test(c)) {
        return Future.succeededFuture(c);
      }
    }
    Promise<ReceivedCall> promise = Promise.promise();
    waiters.add(new Waiter(match, promise));
    return promise.future();
  }

  /** A call matching that arrives after this moment. */
  synchronized Future<ReceivedCall> upcoming(Predicate<ReceivedCall> match) {
    Promise<ReceivedCall> promise = Promise.promise();
    waiters.add(new Waiter(match, promise));
    return promise.future();
  }

  synchronized List<ReceivedCall> all() {
    return List.copyOf(calls);
  }

  static Predicate<ReceivedCall> action(String chargePointId, String action) {
    return c -> c.chargePointId().equals(chargePointId) && c.action().equals(action);
  }
}
