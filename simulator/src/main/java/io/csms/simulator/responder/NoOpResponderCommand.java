package io.csms.simulator.responder;

import io.csms.simulator.NativeTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the {@link NoOpResponder} on its own (the benchmark starts it as a child process). */
@Command(name = "noop-responder", mixinStandardHelpOptions = true,
    description = "A CSMS stand-in that answers every core OCPP 1.6J CALL with a canned CALLRESULT.")
public final class NoOpResponderCommand implements Callable<Integer> {
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Listen address (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "8190", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--instances", defaultValue = "0", description = "Verticle instances; 0 = one per event loop")
  int instances;

  @Option(names = "--heartbeat", defaultValue = "300", description = "Interval returned in BootNotification, seconds")
  int heartbeat;

  public static void main(String[] args) {
    System.exit(new CommandLine(new NoOpResponderCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    VertxOptions options = NativeTransport.options();
    Vertx vertx = Vertx.vertx(options);
    int count = instances > 0 ? instances : options.getEventLoopPoolSize();
    NoOpResponder responder = NoOpResponder.start(vertx, host, port, count, heartbeat, null)
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    // The benchmark waits for this line.
    System.out.println("LISTENING " + responder.port());
    System.out.flush();
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close();
      forever.countDown();
    }));
    forever.await();
    return 0;
  }
}
