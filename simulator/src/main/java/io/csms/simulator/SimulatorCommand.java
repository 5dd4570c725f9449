package io.csms.simulator;

import io.csms.simulator.metrics.ProgressLine;
import io.csms.simulator.metrics.SimulationStats;
import io.csms.simulator.metrics.SummaryReport;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code simulate}: N realistic OCPP 1.6J charge points against any CSMS, with a live progress line and a
 * summary at the end. Mounted by the launcher as {@code csms.jar simulate}; also runnable on its own.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Simulate OCPP 1.6J charge points against a CSMS: boot, status, heartbeats, sessions with "
        + "meter values, answers to CSMS commands. Prints progress every second and a summary at the end.")
public final class SimulatorCommand implements Callable<Integer> {
  @Option(names = "--url", description = "CSMS OCPP WebSocket base URL; the charge point id is appended "
      + "(default: ${DEFAULT-VALUE})", defaultValue = "ws://127.0.0.1:8180/ocpp")
  String url;

  @Option(names = "--chargers", description = "Number of charge points (default: ${DEFAULT-VALUE})", defaultValue = "10")
  int chargers;

  @Option(names = "--id-prefix", description = "Charge point id prefix, followed by a 5-digit number "
      + "(default: ${DEFAULT-VALUE})", defaultValue = "SIM-CP-")
  String idPrefix;

  @Option(names = "--first-number", description = "Number of the first charge point (default: ${DEFAULT-VALUE})",
      defaultValue = "1")
  int firstNumber;

  @Option(names = "--connectors", description = "Connectors per charge point (default: ${DEFAULT-VALUE})",
      defaultValue = "2")
  int connectors;

  @Option(names = "--ramp-per-second", description = "Charge points connecting per second (default: ${DEFAULT-VALUE})",
      defaultValue = "50")
  double rampPerSecond;

  @Option(names = "--duration", description = "How long to run, ramp included, e.g. 90s, 10m (default: ${DEFAULT-VALUE})",
      defaultValue = "60s", converter = DurationConverter.class)
  Duration duration;

  @Option(names = "--scenario", description = "full-session, availability, reconnect, quirks, idle or mix "
      + "(default: ${DEFAULT-VALUE})", defaultValue = "full-session")
  String scenario;

  @Option(names = "--meter-interval", description = "MeterValues interval during a session; 0 = as fast as "
      + "answered (default: ${DEFAULT-VALUE})", defaultValue = "10s", converter = DurationConverter.class)
  Duration meterInterval;

  @Option(names = "--heartbeat", description = "Heartbeat interval; 0 = the interval the CSMS returns in "
      + "BootNotification (default: ${DEFAULT-VALUE})", defaultValue = "0", converter = DurationConverter.class)
  Duration heartbeat;

  @Option(names = "--session-length", description = "Charging time of one session (default: ${DEFAULT-VALUE})",
      defaultValue = "60s", converter = DurationConverter.class)
  Duration sessionLength;

  @Option(names = "--pause", description = "Idle time between sessions on a connector (default: ${DEFAULT-VALUE})",
      defaultValue = "10s", converter = DurationConverter.class)
  Duration pause;

  @Option(names = "--offline", description = "Offline time in the reconnect scenario (default: ${DEFAULT-VALUE})",
      defaultValue = "15s", converter = DurationConverter.class)
  Duration offline;

  @Option(names = "--call-timeout", description = "Wait for an answer to a CALL (default: ${DEFAULT-VALUE})",
      defaultValue = "30s", converter = DurationConverter.class)
  Duration callTimeout;

  @Option(names = "--transaction-retry-interval", description = "TransactionMessageRetryInterval: wait before "
      + "sending again a Start/StopTransaction or MeterValues the CSMS answered with an error or not at all; "
      + "the n-th retry waits n times this, up to TransactionMessageAttempts (3) transmissions "
      + "(default: ${DEFAULT-VALUE})", defaultValue = "30s", converter = DurationConverter.class)
  Duration transactionRetryInterval;

  @Option(names = "--id-tag", description = "RFID tag presented for local sessions, 1-20 chars; {n} stands for "
      + "the charge point's 5-digit number, e.g. TAG{n} (default: ${DEFAULT-VALUE})",
      defaultValue = "SIMTAG0001")
  String idTag;

  @Option(names = "--register-api", description = "Register the charge points first through this management "
      + "API base URL, e.g. http://127.0.0.1:8080 (POST /api/admin/chargers)")
  String registerApi;

  @Option(names = "--token", description = "ADMIN bearer token for --register-api")
  String token;

  @Option(names = "--local-address", split = ",", description = "Source addresses to spread connections over "
      + "(e.g. 127.0.0.2,127.0.0.3) when one address runs out of ephemeral ports")
  List<String> localAddresses = new ArrayList<>();

  @Option(names = "--shutdown-grace", description = "At the end, time allowed to stop sessions and deliver "
      + "queued messages (default: ${DEFAULT-VALUE})", defaultValue = "15s", converter = DurationConverter.class)
  Duration shutdownGrace;

  @Option(names = "--quiet", description = "No progress line, only the summary")
  boolean quiet;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulatorCommand()).execute(args));
  }

  /** The run these options describe. */
  SimulationPlan plan() {
    ChargePointSettings settings = new ChargePointSettings(url.replaceAll("/+$", ""), connectors,
        meterInterval.toMillis(), heartbeat.toMillis(), sessionLength.toMillis(), pause.toMillis(),
        offline.toMillis(), callTimeout.toMillis(), idTag, Scenario.parse(scenario), 0,
        transactionRetryInterval.toMillis());
    return new SimulationPlan(settings, chargers, idPrefix, firstNumber, rampPerSecond, localAddresses, true);
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    SimulationPlan plan;
    try {
      plan = plan();
    } catch (IllegalArgumentException e) {
      System.err.println("simulate: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx(NativeTransport.options());
    try {
      if (registerApi != null) {
        if (token == null) {
          System.err.println("simulate: --register-api needs --token");
          return 2;
        }
        ApiRegistration.Outcome outcome = ApiRegistration.register(vertx, registerApi, token, plan)
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        out.printf("Registered through the API: %d created, %d already there, %d failed%s%n", outcome.created(),
            outcome.existing(), outcome.failed(), outcome.firstFailure() == null ? "" : " (first: "
                + outcome.firstFailure() + ")");
      }
      out.printf("Simulating %,d charge points (%s) against %s for %ds%n", plan.chargers(),
          plan.chargePoint().scenario().cliName(), plan.chargePoint().url(), duration.toSeconds());
      Simulation simulation = new Simulation(vertx, plan);
      SimulationStats stats = simulation.stats();
      simulation.start().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
      ProgressLine progress = new ProgressLine(stats, plan.chargers(), out, System.console() != null);
      long progressTimer = quiet ? -1 : vertx.setPeriodic(1000, t -> progress.print());
      Thread.sleep(duration.toMillis()); // the run itself: this thread only waits for the end
      out.println("Stopping: ending sessions and delivering queued messages");
      simulation.shutdown(shutdownGrace.toMillis()).toCompletionStage().toCompletableFuture()
          .get(shutdownGrace.toMillis() + 30_000, TimeUnit.MILLISECONDS);
      if (progressTimer != -1) {
        vertx.cancelTimer(progressTimer);
        progress.finish();
      }
      out.print(SummaryReport.format(stats, stats.window(), plan.chargers()));
      return stats.window().connects.sum() == 0 ? 1 : 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
